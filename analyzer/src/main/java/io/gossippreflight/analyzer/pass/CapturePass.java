package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.capture.CaptureInterface;
import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.flow.FlowTable;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One streaming pass over one capture: decodes every frame, tracks TCP connections per capture
 * point, collects ICMP errors, pings and a packet sample. Memory is bounded by flows and caps,
 * not by the number of packets. Usable packet by packet ({@link #accept}) for live captures.
 */
public final class CapturePass {
    /** Limits of one pass. */
    public record Limits(int maxFlows, int maxPendingPerDirection, int maxRangesPerDirection,
            long maxKeptTransmissions, int maxIcmpEvents, int maxEchoes, int samplesPerPoint) {
        public static Limits defaults() {
            return new Limits(100_000, 1 << 14, 4096, 500_000, 100_000, 200_000, 16_384);
        }
    }

    private final String name;
    private final PointRegistry registry;
    private final Limits limits;
    private final TcpPayloadListener[] listeners;
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet decoded = new Packet();
    /** The packet being processed (decoded here, or by a reading thread ahead of this one). */
    private Packet p;
    private final FlowTable flows;
    private final List<IcmpEvent> icmp = new ArrayList<>();
    private long icmpDropped;
    private final Map<EchoKey, EchoRecord> echoes = new LinkedHashMap<>();
    private final Map<Integer, PacketSampler> samplers = new HashMap<>();
    private final Map<Integer, Long> pointKeys = new LinkedHashMap<>();
    private java.util.function.Consumer<IcmpEvent> icmpListener;
    private long lastSubKey = Long.MIN_VALUE;
    private int lastSamplerPoint = -1;
    private PacketSampler lastSampler;
    private int lastPoint = -1;

    private long packets;
    private long bytes;
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private long ipPackets;
    private long notIp;
    private long malformed;
    private long unsupportedLink;
    private long truncated;
    private long fragments;
    private long tcpPackets;
    private long udpPackets;
    private long icmpPackets;

    public CapturePass(String name, PointRegistry registry, Limits limits, List<TcpPayloadListener> listeners) {
        this.name = name;
        this.registry = registry;
        this.limits = limits;
        this.listeners = listeners.toArray(new TcpPayloadListener[0]);
        this.flows = new FlowTable(limits.maxFlows(), limits.maxPendingPerDirection(), limits.maxRangesPerDirection(),
                limits.maxKeptTransmissions());
    }

    /**
     * Reads a whole source. With {@code keepGoing}, a malformed record ends reading and becomes
     * {@link CaptureSummary#stoppedEarly()}; without, the exception propagates. A last record cut
     * short (a capture still being written) ends reading the same way in both cases, as tshark does.
     */
    public static CaptureResult run(PacketSource source, String name, PointRegistry registry, Limits limits,
            List<TcpPayloadListener> listeners, boolean keepGoing) throws IOException {
        CapturePass pass = new CapturePass(name, registry, limits, listeners);
        RawPacket raw = new RawPacket();
        String stopped = null;
        try {
            while (source.next(raw)) {
                pass.accept(raw);
            }
        } catch (CaptureFormatException e) {
            if (!keepGoing && !e.cutShort()) {
                throw e; // a capture that merely ends early (still being written) is read as far as it goes
            }
            stopped = e.getMessage();
        }
        return pass.finish(source.name(), source.format(), source.interfaces(), stopped);
    }

    /** Feeds one frame. */
    public void accept(RawPacket raw) {
        process(raw, decoded, decoder.decode(raw, decoded));
    }

    /** Feeds one frame already decoded into {@code packet} with result {@code status}. */
    void process(RawPacket raw, Packet packet, int status) {
        p = packet;
        packets++;
        bytes += raw.originalLength;
        long t = raw.timestampNanos;
        if (t < firstTime) {
            firstTime = t;
        }
        if (t > lastTime) {
            lastTime = t;
        }
        if (status != PacketDecoder.OK) {
            switch (status) {
                case PacketDecoder.NOT_IP: notIp++; break;
                case PacketDecoder.UNSUPPORTED_LINK: unsupportedLink++; break;
                default: malformed++; break;
            }
            return;
        }
        ipPackets++;
        if (p.truncated) {
            truncated++;
        }
        if (p.fragment) {
            fragments++;
        }
        long subKey = ((long) raw.interfaceId << 32) | (p.ifIndex >= 0 ? p.ifIndex : 0xffffffffL);
        int point;
        if (subKey == lastSubKey) {
            point = lastPoint;
        } else {
            point = registry.point(name, subKey);
            pointKeys.putIfAbsent(point, subKey);
            lastSubKey = subKey;
            lastPoint = point;
        }
        if (p.isTcp()) {
            tcpPackets++;
            long h = PacketSampler.fingerprint(p.srcHi, p.srcLo, p.dstHi, p.dstLo, p.srcPort << 16 | p.dstPort, p.seq,
                    p.ack, p.ipVersion == 4 ? p.ipId : p.tsVal, p.payloadLength, p.tcpFlags & 0x17);
            if (duplicate(h, point, t)) {
                duplicates++;
                return;
            }
            TcpFlow f = flows.onTcp(p, point, t);
            sample(point, h, t);
            if (f != null && p.payloadLength > 0 && !p.syn() && listeners.length > 0) {
                TcpDirection d = f.direction(sameAsClient(f) ? TcpFlow.C2S : TcpFlow.S2C);
                long rel = d.relative(p.seq);
                for (TcpPayloadListener l : listeners) {
                    l.onPayload(d, rel, p, raw.data, t);
                }
            }
        } else if (p.isIcmp()) {
            icmpPackets++;
            onIcmp(raw, point, t);
        } else if (p.isUdp()) {
            udpPackets++;
        }
    }

    private boolean sameAsClient(TcpFlow f) {
        return p.srcPort == f.clientPort() && p.srcLo == f.clientLo() && p.srcHi == f.clientHi();
    }

    /** A packet seen again at one point within this long is one packet seen twice, not a retransmission. */
    static final long DUPLICATE_NANOS = 100_000;
    private final RecentPackets recent = new RecentPackets();
    private long duplicates;
    /** Too-big messages whose quote the snap length cut, by destination (bounded). */
    private final Map<String, Long> unreadableTooBig = new HashMap<>();

    /**
     * True when the same TCP packet (addresses, ports, sequence, acknowledgement, IP ID or TSval,
     * length, flags) was seen at this point within {@link #DUPLICATE_NANOS}: {@code tcpdump -i any}
     * shows a packet crossing a bridge, bond or VLAN device once per device, and Linux cooked v1 has
     * no interface index to tell them apart. A real retransmission is never that quick with the same
     * IP ID or timestamp.
     */
    private boolean duplicate(long h, int point, long t) {
        return recent.seen(h, point, t);
    }

    private void sample(int point, long t, int idOrTs, int ports, int seq, int ack, int len, int flags) {
        sample(point, PacketSampler.fingerprint(p.srcHi, p.srcLo, p.dstHi, p.dstLo, ports, seq, ack, idOrTs, len, flags), t);
    }

    private void sample(int point, long h, long t) {
        PacketSampler s = point == lastSamplerPoint ? lastSampler : samplers.get(point);
        if (s == null) {
            s = new PacketSampler(limits.samplesPerPoint());
            samplers.put(point, s);
        }
        lastSamplerPoint = point;
        lastSampler = s;
        s.offer(h, t, PacketSampler.addressKey(p.srcHi, p.srcLo), PacketSampler.addressKey(p.dstHi, p.dstLo), p.ttl,
                p.ipTotalLength);
    }

    private void onIcmp(RawPacket raw, int point, long t) {
        boolean v6 = p.ipVersion == 6;
        int type = p.icmpType;
        boolean echoRequest = v6 ? type == 128 : type == 8;
        boolean echoReply = v6 ? type == 129 : type == 0;
        if ((echoRequest || echoReply) && p.l4Captured >= 8) {
            int ident = raw.data.getShort(p.l4Offset + 4) & 0xffff;
            int seq = raw.data.getShort(p.l4Offset + 6) & 0xffff;
            sample(point, t, ident, type, seq, 0, p.l4Length, 0);
            EchoKey k = new EchoKey(point, p.srcHi, p.srcLo, p.dstHi, p.dstLo, ident, seq, echoRequest);
            EchoRecord r = echoes.get(k);
            if (r == null) {
                if (echoes.size() >= limits.maxEchoes()) {
                    return;
                }
                r = new EchoRecord(point, p.srcHi, p.srcLo, p.dstHi, p.dstLo, ident, seq, echoRequest, p.ipTotalLength,
                        p.ipVersion, t, p.ttl);
                echoes.put(k, r);
            }
            r.count++;
            return;
        }
        if (!p.hasQuote) {
            if (v6 ? type == 2 : type == 3 && p.icmpCode == 4) {
                String to = io.gossippreflight.analyzer.packet.Addresses.toString(p.dstHi, p.dstLo);
                if (unreadableTooBig.size() < 1024 || unreadableTooBig.containsKey(to)) {
                    unreadableTooBig.merge(to, 1L, Long::sum);
                }
            }
            return;
        }
        if (icmp.size() >= limits.maxIcmpEvents()) {
            icmpDropped++;
            return;
        }
        sample(point, t, p.ipId, type << 8 | p.icmpCode, p.quotedSeq, p.quotedIpId, p.l4Length, 0);
        IcmpEvent event = new IcmpEvent(point, t, p.ipVersion, type, p.icmpCode, p.icmpMtu, p.srcHi, p.srcLo, p.dstHi, p.dstLo,
                p.ipId, p.sllPacketType, p.quotedProtocol, p.quotedSrcHi, p.quotedSrcLo, p.quotedDstHi, p.quotedDstLo,
                p.hasQuotedPorts ? p.quotedSrcPort : -1, p.hasQuotedPorts ? p.quotedDstPort : -1, p.hasQuotedSeq,
                p.quotedSeq, p.quotedIpId, p.quotedTotalLength);
        icmp.add(event);
        if (icmpListener != null) {
            icmpListener.accept(event);
        }
    }

    /** Called on the capturing thread for every ICMP error kept (live evidence for the probe). */
    public void onIcmp(java.util.function.Consumer<IcmpEvent> listener) {
        this.icmpListener = listener;
    }

    public long packets() {
        return packets;
    }

    private record EchoKey(int point, long srcHi, long srcLo, long dstHi, long dstLo, int ident, int seq,
            boolean request) {
    }

    /** Ends the pass: settles pending transmissions and labels the capture's points. */
    public CaptureResult finish(String source, String format, List<CaptureInterface> interfaces, String stoppedEarly) {
        flows.finish();
        for (TcpPayloadListener l : listeners) {
            l.finish();
        }
        labelPoints(interfaces);
        CaptureSummary s = new CaptureSummary(name, source, format, interfaces, packets, bytes,
                packets == 0 ? 0 : firstTime, packets == 0 ? 0 : lastTime, ipPackets, notIp, malformed, unsupportedLink,
                truncated, fragments, tcpPackets, udpPackets, icmpPackets, flows.untracked(), stoppedEarly, duplicates,
                unreadableTooBig);
        return new CaptureResult(s, List.copyOf(pointKeys.keySet()), List.copyOf(flows.all()), List.copyOf(icmp),
                icmpDropped, List.copyOf(echoes.values()), Map.copyOf(samplers));
    }

    private void labelPoints(List<CaptureInterface> interfaces) {
        if (pointKeys.size() <= 1) {
            return;
        }
        boolean severalInterfaces = pointKeys.values().stream().map(k -> k >>> 32).distinct().count() > 1;
        for (Map.Entry<Integer, Long> e : pointKeys.entrySet()) {
            long k = e.getValue();
            int ifaceId = (int) (k >>> 32);
            long ifIndex = k & 0xffffffffL;
            StringBuilder label = new StringBuilder();
            if (severalInterfaces) {
                String n = ifaceId < interfaces.size() ? interfaces.get(ifaceId).name() : null;
                label.append(n != null ? n : "i" + ifaceId);
            }
            if (ifIndex != 0xffffffffL) {
                if (label.length() > 0) {
                    label.append('.');
                }
                label.append("if").append(ifIndex);
            }
            registry.label(e.getKey(), label.length() == 0 ? null : label.toString());
        }
    }

    /** Flows tracked so far (live use). */
    public FlowTable flows() {
        return flows;
    }

    /** Whether a link type can be analysed at all. */
    public static boolean supported(int linkType) {
        return LinkType.supported(linkType);
    }
}
