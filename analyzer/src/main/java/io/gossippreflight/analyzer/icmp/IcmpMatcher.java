package io.gossippreflight.analyzer.icmp;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.flow.Transmission;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import io.gossippreflight.analyzer.path.Connection;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.verdict.Rfc1191;
import java.util.ArrayList;
import java.util.List;

/**
 * Ties ICMP frag-needed / Packet Too Big messages to the exact connection and segment they
 * quote, and decides whether they reached the sender and whether it reacted.
 */
public final class IcmpMatcher {
    private IcmpMatcher() {
    }

    /** What makes two sightings the same ICMP packet (see {@link IcmpEvent#samePacket}). */
    private record PacketKey(int type, int code, long fromHi, long fromLo, long toHi, long toLo, int outerIpId,
            int quotedSeq, int quotedIpId, int quotedSrcPort) {
        static PacketKey of(IcmpEvent e) {
            return new PacketKey(e.type(), e.code(), e.fromHi(), e.fromLo(), e.toHi(), e.toLo(), e.outerIpId(),
                    e.quotedSeq(), e.quotedIpId(), e.quotedSrcPort());
        }
    }

    public static List<IcmpFinding> match(PathModel model, List<IcmpEvent> events) {
        java.util.Map<PacketKey, List<IcmpEvent>> byPacket = new java.util.LinkedHashMap<>();
        for (IcmpEvent e : events) {
            if (e.fragNeeded()) {
                byPacket.computeIfAbsent(PacketKey.of(e), k -> new ArrayList<>()).add(e);
            }
        }
        List<List<IcmpEvent>> groups = new ArrayList<>(byPacket.values());
        List<IcmpFinding> out = new ArrayList<>();
        for (List<IcmpEvent> g : groups) {
            out.add(finding(model, g));
        }
        return out;
    }

    private static IcmpFinding finding(PathModel model, List<IcmpEvent> group) {
        group.sort((x, y) -> Long.compare(x.timeNanos() - model.offsetToFirst(x.point()),
                y.timeNanos() - model.offsetToFirst(y.point())));
        IcmpEvent e = group.get(0);
        List<Integer> seenAt = new ArrayList<>();
        for (IcmpEvent x : group) {
            seenAt.add(x.point());
        }
        HostDirection about = new HostDirection(e.quotedSrcHi(), e.quotedSrcLo(), e.quotedDstHi(), e.quotedDstLo());
        boolean plateau = e.mtu() == 0 && e.ipVersion() == 4;
        int mtu = plateau ? Rfc1191.plateauBelow(e.quotedTotalLength()) : e.mtu();
        List<Integer> order = model.order(about);
        Boolean reached = null;
        Integer senderPoint = senderPoint(model, about, order);
        if (senderPoint != null) {
            reached = seenAt.contains(senderPoint);
        }
        Connection conn = null;
        int dir = -1;
        if (e.quotedProtocol() == Packet.PROTO_TCP && e.quotedSrcPort() >= 0) {
            for (PathModel.ConnectionDirection cd : model.connectionsOf(about)) {
                Connection c = cd.connection();
                TcpFlow f = c.any();
                int d;
                if (f.clientPort() == e.quotedSrcPort() && f.serverPort() == e.quotedDstPort()
                        && f.clientLo() == e.quotedSrcLo() && f.clientHi() == e.quotedSrcHi()) {
                    d = TcpFlow.C2S;
                } else if (f.serverPort() == e.quotedSrcPort() && f.clientPort() == e.quotedDstPort()
                        && f.serverLo() == e.quotedSrcLo() && f.serverHi() == e.quotedSrcHi()) {
                    d = TcpFlow.S2C;
                } else {
                    continue;
                }
                long t = e.timeNanos() - model.offsetToFirst(e.point());
                if (c.firstTime() - 1_000_000_000L > t) {
                    continue;
                }
                conn = c;
                dir = d;
            }
        }
        Transmission quoted = null;
        Boolean reacted = null;
        int learnedMss = -1;
        if (conn != null) {
            List<TcpDirection> dirs = conn.at(order, dir);
            if (!dirs.isEmpty()) {
                TcpDirection first = dirs.get(0);
                long rel = e.hasQuotedSeq() ? first.relative(e.quotedSeq()) : Long.MIN_VALUE;
                long icmpAtFirst = e.timeNanos() - offset(model, e.point(), first.flow().point());
                for (Transmission t : first.suspects()) {
                    if (t.start() == rel && (e.ipVersion() == 6 || t.ipId() == e.quotedIpId() || t.ipId() < 0)) {
                        quoted = t;
                        break;
                    }
                }
                reacted = reacted(first, rel, mtu, icmpAtFirst);
                learnedMss = learnedMss(model, about, mtu, icmpAtFirst, first.flow().point());
                if (reacted == null && learnedMss > 0) {
                    reacted = true;
                }
            }
        }
        return new IcmpFinding(e, seenAt, about, conn, dir, quoted, mtu, plateau, reached, reacted, learnedMss);
    }

    /** The sender's own capture point: first on the path, at hop 0, and not one interface of a router. */
    static Integer senderPoint(PathModel model, HostDirection hd, List<Integer> order) {
        if (order.isEmpty()) {
            return null;
        }
        int first = order.get(0);
        if (!model.atSender(hd, first)) {
            return null;
        }
        String capture = model.point(first).capture();
        long samePoints = order.stream().filter(p -> model.point(p).capture().equals(capture)).count();
        return samePoints == 1 ? first : null;
    }

    private static long offset(PathModel model, int from, int to) {
        var o = model.clocks().between(to, from);
        return o == null ? 0 : o.offsetNanos();
    }

    /**
     * After the ICMP: copies of the quoted bytes that fit the MTU, or the bytes acknowledged,
     * mean the sender adapted; copies still too big as single wire packets mean it did not.
     */
    static Boolean reacted(TcpDirection first, long rel, int mtu, long icmpTime) {
        boolean fit = false;
        boolean tooBig = false;
        for (Transmission t : first.suspects()) {
            if (t.timeNanos() <= icmpTime || rel != Long.MIN_VALUE && (t.end() <= rel || t.start() > rel)) {
                continue;
            }
            if (t.wireIpLength() <= mtu) {
                fit = true;
            } else {
                tooBig = true;
            }
        }
        if (fit) {
            return true;
        }
        if (rel != Long.MIN_VALUE && first.ackedTo() > rel) {
            return true;
        }
        return tooBig ? Boolean.FALSE : null;
    }

    /** The MSS a later SYN from the sender to that peer advertised, when it reflects the MTU. */
    static int learnedMss(PathModel model, HostDirection hd, int mtu, long icmpTime, int point) {
        int limit = mtu - (hd.ipVersion() == 6 ? 60 : 40);
        for (PathModel.ConnectionDirection cd : model.connectionsOf(hd)) {
            Connection c = cd.connection();
            int d = cd.d();
            {
                TcpFlow f = c.atPoint(point);
                if (f == null) {
                    continue;
                }
                TcpDirection x = c.direction(f, d);
                if (x.synSeen() && x.synTime() > icmpTime && x.mss() > 0 && x.mss() <= limit) {
                    return x.mss();
                }
            }
        }
        return -1;
    }
}
