package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.capture.CaptureInterface;
import java.util.List;

/**
 * What one capture file (or live capture) contained and how reading it went.
 *
 * @param stoppedEarly the problem that ended reading early (with --keep-going), or null
 * @param duplicates   TCP packets seen twice at one point within microseconds ({@code tcpdump -i any} on a
 *                     bridge, bond or VLAN member), counted once
 * @param unreadableTooBig ICMP frag-needed / Packet Too Big messages cut by the snap length before the
 *                     header they quote, by the address they were sent to (the sender they warn)
 */
public record CaptureSummary(String name, String source, String format, List<CaptureInterface> interfaces,
        long packets, long bytes, long firstTime, long lastTime, long ipPackets, long notIp, long malformed,
        long unsupportedLink, long truncated, long fragments, long tcpPackets, long udpPackets, long icmpPackets,
        long untrackedFlows, String stoppedEarly, long duplicates, java.util.Map<String, Long> unreadableTooBig) {
    public CaptureSummary {
        unreadableTooBig = unreadableTooBig == null ? java.util.Map.of() : java.util.Map.copyOf(unreadableTooBig);
    }

    /** Without a duplicate count. */
    public CaptureSummary(String name, String source, String format, List<CaptureInterface> interfaces, long packets,
            long bytes, long firstTime, long lastTime, long ipPackets, long notIp, long malformed, long unsupportedLink,
            long truncated, long fragments, long tcpPackets, long udpPackets, long icmpPackets, long untrackedFlows,
            String stoppedEarly) {
        this(name, source, format, interfaces, packets, bytes, firstTime, lastTime, ipPackets, notIp, malformed,
                unsupportedLink, truncated, fragments, tcpPackets, udpPackets, icmpPackets, untrackedFlows, stoppedEarly, 0,
                java.util.Map.of());
    }

    public double durationSeconds() {
        return packets == 0 ? 0 : (lastTime - firstTime) / 1e9;
    }
}
