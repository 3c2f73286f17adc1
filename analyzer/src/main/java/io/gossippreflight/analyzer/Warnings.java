package io.gossippreflight.analyzer;

import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.pass.CaptureResult;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import java.util.ArrayList;
import java.util.List;

/** What a reader should know about how complete a capture's analysis is. */
final class Warnings {
    private Warnings() {
    }

    static List<String> of(CaptureResult r) {
        CaptureSummary s = r.summary();
        List<String> w = new ArrayList<>();
        if (s.stoppedEarly() != null && s.stoppedEarly().endsWith(CaptureFormatException.CUT_SHORT)) {
            w.add("capture " + s.name() + " ends inside its last record (cut short, or still being written);"
                    + " analysed the " + s.packets() + " packets before it: " + s.stoppedEarly());
        } else if (s.stoppedEarly() != null) {
            w.add("capture " + s.name() + " is damaged; analysed the " + s.packets() + " packets before the problem: "
                    + s.stoppedEarly());
        }
        if (s.truncated() > 0) {
            w.add(s.truncated() + " packet(s) in " + s.name() + " were cut by the snaplen; sizes come from their IP headers");
        }
        if (s.malformed() > 0) {
            w.add(s.malformed() + " malformed packet(s) in " + s.name() + " were skipped");
        }
        if (s.unsupportedLink() > 0) {
            w.add(s.unsupportedLink() + " packet(s) in " + s.name() + " have a link type this tool does not decode");
        }
        if (s.untrackedFlows() > 0) {
            w.add(s.untrackedFlows() + " packet(s) in " + s.name() + " belong to connections beyond the flow limit");
        }
        if (s.duplicates() > 0) {
            w.add(s.duplicates() + " TCP packet(s) in " + s.name() + " were seen twice at one point within "
                    + "microseconds (tcpdump -i any on a bridge, bond or VLAN) and counted once");
        }
        long unreadable = s.unreadableTooBig().values().stream().mapToLong(Long::longValue).sum();
        if (unreadable > 0) {
            w.add(unreadable + " ICMP frag-needed / Packet Too Big message(s) in " + s.name() + " were cut by the snap"
                    + " length before the packet they quote: they cannot be tied to a connection (capture with -s 256 or more)");
        }
        if (r.icmpDropped() > 0) {
            w.add(r.icmpDropped() + " ICMP error(s) in " + s.name() + " beyond the limit were not kept");
        }
        long dropped = 0;
        long evicted = 0;
        for (TcpFlow f : r.flows()) {
            for (int d = 0; d < 2; d++) {
                TcpDirection x = f.direction(d);
                dropped += x.suspectsDropped();
                evicted += x.evicted();
            }
        }
        if (dropped > 0) {
            w.add(dropped + " retransmitted segment(s) in " + s.name() + " beyond the limit were only counted");
        }
        if (evicted > 0) {
            w.add(evicted + " segment(s) in " + s.name() + " were never acknowledged within the tracking window"
                    + " (one-way capture?)");
        }
        return w;
    }
}
