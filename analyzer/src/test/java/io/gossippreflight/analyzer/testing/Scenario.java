package io.gossippreflight.analyzer.testing;

import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.report.AnalysisReport;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hand-written exchange between host A (198.18.1.2) and host B (198.18.2.2) through one
 * router, captured at A's side ("a") and B's side ("b"): each packet is listed with the points
 * that saw it, then written as pcaps and analysed.
 */
public final class Scenario {
    public static final String A = "198.18.1.2";
    public static final String B = "198.18.2.2";
    public static final String ROUTER = "198.18.1.1";

    private final Map<String, CaptureFileBuilder.Pcap> points = new LinkedHashMap<>();
    private final boolean v6;
    private long micros = 1_000_000;
    private int aId = 1000;
    private int bId = 5000;
    public int aIsn = 100_000;
    public int bIsn = 900_000;
    public int aPort = 45000;
    public int bPort = 7000;

    public Scenario(boolean v6, String... pointNames) {
        this.v6 = v6;
        for (String n : pointNames) {
            points.put(n, new CaptureFileBuilder.Pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.ETHERNET, 262144));
        }
    }

    public Scenario(String... pointNames) {
        this(false, pointNames);
    }

    private String a() {
        return v6 ? "2001:db8:1::2" : A;
    }

    private String b() {
        return v6 ? "2001:db8:2::2" : B;
    }

    /** A packet from A (fromA) or B, seen at the listed points; TTL drops by one past the router. */
    public Scenario tcp(boolean fromA, Frames.Tcp t, String... seenAt) {
        t.ports(fromA ? aPort : bPort, fromA ? bPort : aPort);
        int id = fromA ? aId++ : bId++;
        for (String p : seenAt) {
            boolean senderSide = fromA == p.equals("a");
            int ttl = senderSide ? 64 : 63;
            byte[] l4 = t.build();
            byte[] ip = v6 ? Frames.ipv6(fromA ? a() : b(), fromA ? b() : a(), 6, ttl, new byte[0], l4)
                    : Frames.ipv4(fromA ? a() : b(), fromA ? b() : a(), 6, id, true, ttl, l4);
            points.get(p).packet(micros / 1_000_000, micros % 1_000_000, Frames.ethernet(ip));
        }
        micros += 1000;
        return this;
    }

    /** Data from A at relative offset rel. */
    public Scenario dataA(long rel, int len, String... seenAt) {
        return dataA(rel, len, 1, seenAt);
    }

    /** Data from A at relative offset rel with TSval {@code tsVal} (a retransmission carries a later one). */
    public Scenario dataA(long rel, int len, int tsVal, String... seenAt) {
        return tcp(true, Frames.tcp().seq((int) (aIsn + 1 + rel)).ack(bIsn + 1).flags(Packet.TCP_ACK | Packet.TCP_PSH)
                .timestamps(tsVal, 1).payload(len), seenAt);
    }

    /** These bytes from A at relative offset rel, acknowledging B's data up to bAck. */
    public Scenario bytesA(long rel, long bAck, byte[] payload, String... seenAt) {
        return tcp(true, Frames.tcp().seq((int) (aIsn + 1 + rel)).ack((int) (bIsn + 1 + bAck))
                .flags(Packet.TCP_ACK | Packet.TCP_PSH).timestamps(1, 1).payload(payload), seenAt);
    }

    /** These bytes from B at relative offset rel, acknowledging A's data up to aAck. */
    public Scenario bytesB(long rel, long aAck, byte[] payload, String... seenAt) {
        return tcp(false, Frames.tcp().seq((int) (bIsn + 1 + rel)).ack((int) (aIsn + 1 + aAck))
                .flags(Packet.TCP_ACK | Packet.TCP_PSH).timestamps(1, 1).payload(payload), seenAt);
    }

    /** B acknowledges A's data up to rel. */
    public Scenario ackB(long rel, String... seenAt) {
        return tcp(false, Frames.tcp().seq(bIsn + 1).ack((int) (aIsn + 1 + rel)).flags(Packet.TCP_ACK).timestamps(1, 1),
                seenAt);
    }

    public Scenario handshake(int mssA, int mssB, String... seenAt) {
        tcp(true, Frames.tcp().seq(aIsn).flags(Packet.TCP_SYN).mss(mssA).sackPermitted().timestamps(1, 0), seenAt);
        tcp(false, Frames.tcp().seq(bIsn).ack(aIsn + 1).flags(Packet.TCP_SYN | Packet.TCP_ACK).mss(mssB).sackPermitted()
                .timestamps(1, 1), seenAt);
        return tcp(true, Frames.tcp().seq(aIsn + 1).ack(bIsn + 1).flags(Packet.TCP_ACK).timestamps(1, 1), seenAt);
    }

    /** The router's ICMP frag-needed (or Packet Too Big) about A's data at rel, seen at the listed points. */
    public Scenario icmpToA(int mtu, long rel, int len, int quotedIpId, String... seenAt) {
        Frames.Tcp quotedTcp = Frames.tcp().ports(aPort, bPort).seq((int) (aIsn + 1 + rel)).ack(bIsn + 1)
                .flags(Packet.TCP_ACK).timestamps(1, 1).payload(len);
        byte[] quoted;
        byte[] ip;
        if (v6) {
            quoted = Frames.ipv6(a(), b(), 6, 64, new byte[0], quotedTcp.build());
            ip = Frames.ipv6("2001:db8:1::1", a(), 58, 64, new byte[0], Frames.icmp6TooBig(mtu, quoted, 1232));
        } else {
            quoted = Frames.ipv4(a(), b(), 6, quotedIpId, true, 64, quotedTcp.build());
            ip = Frames.ipv4(ROUTER, a(), 1, 77, false, 64, Frames.icmpFragNeeded(mtu, quoted, 548));
        }
        for (String p : seenAt) {
            points.get(p).packet(micros / 1_000_000, micros % 1_000_000, Frames.ethernet(ip));
        }
        micros += 1000;
        return this;
    }

    /** The IP ID A's next packet will carry (to quote it in an ICMP). */
    public int nextAId() {
        return aId;
    }

    public Scenario pause(long ms) {
        micros += ms * 1000;
        return this;
    }

    public AnalysisReport analyze(Path dir) throws Exception {
        return Analyzer.analyze(write(dir), Analyzer.Options.defaults());
    }

    /** Writes one pcap per capture point into {@code dir}. */
    public List<Analyzer.Input> write(Path dir) throws java.io.IOException {
        List<Analyzer.Input> in = new ArrayList<>();
        for (Map.Entry<String, CaptureFileBuilder.Pcap> e : points.entrySet()) {
            in.add(new Analyzer.Input(e.getKey(), e.getValue().write(dir.resolve(e.getKey() + ".pcap"))));
        }
        return in;
    }
}
