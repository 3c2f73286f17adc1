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
        java.util.Map<TcpDirection, Suspects> suspects = new java.util.IdentityHashMap<>();
        for (List<IcmpEvent> g : groups) {
            out.add(finding(model, g, suspects));
        }
        return out;
    }

    /**
     * A direction's suspect transmissions ordered by first byte (ties in their list order), to
     * find those holding a given byte without reading them all: ICMP errors by the thousand
     * against thousands of retransmitted segments made that quadratic.
     */
    static final class Suspects {
        private final List<Transmission> list;
        /** Indexes into {@link #list}, by start, then by index. */
        private final int[] byStart;
        private final long[] starts;
        /** The longest transmission: one holding a byte starts at most this far before it. */
        private final long longest;

        Suspects(List<Transmission> list) {
            this.list = list;
            int n = list.size();
            Integer[] order = new Integer[n];
            long max = 0;
            for (int i = 0; i < n; i++) {
                order[i] = i;
                max = Math.max(max, list.get(i).end() - list.get(i).start());
            }
            java.util.Arrays.sort(order, (a, b) -> list.get(a).start() != list.get(b).start()
                    ? Long.compare(list.get(a).start(), list.get(b).start()) : Integer.compare(a, b));
            byStart = new int[n];
            starts = new long[n];
            for (int k = 0; k < n; k++) {
                byStart[k] = order[k];
                starts[k] = list.get(order[k]).start();
            }
            longest = max;
        }

        /** Position in {@link #byStart} of the first transmission starting after {@code rel} ({@code orAt}: at or after). */
        private int from(long rel, boolean orAt) {
            int lo = 0;
            int hi = starts.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] < rel || !orAt && starts[mid] == rel) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The first in list order that starts at {@code rel} and quotes as {@code e} does, or null. */
        Transmission quoted(long rel, IcmpEvent e) {
            for (int k = from(rel, true); k < starts.length && starts[k] == rel; k++) { // equal starts: list order
                Transmission t = list.get(byStart[k]);
                if (e.ipVersion() == 6 || t.ipId() == e.quotedIpId() || t.ipId() < 0) {
                    return t;
                }
            }
            return null;
        }

        /**
         * The transmissions that hold byte {@code rel} (all of them for Long.MIN_VALUE), in no
         * particular order.
         */
        List<Transmission> holding(long rel) {
            if (rel == Long.MIN_VALUE) {
                return list;
            }
            List<Transmission> out = new ArrayList<>();
            for (int k = from(rel, false) - 1; k >= 0 && starts[k] > rel - longest; k--) {
                Transmission t = list.get(byStart[k]);
                if (t.end() > rel) {
                    out.add(t);
                }
            }
            return out;
        }
    }

    private static IcmpFinding finding(PathModel model, List<IcmpEvent> group,
            java.util.Map<TcpDirection, Suspects> suspects) {
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
            if (seenAt.contains(senderPoint)) {
                reached = true;
            } else if (watching(model, group.get(group.size() - 1), senderPoint)) {
                reached = false;
            } // else the sender's capture had stopped, or not begun, when the ICMP came by: unknown
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
                Suspects s = suspects.computeIfAbsent(first, x -> new Suspects(x.suspects()));
                quoted = rel == Long.MIN_VALUE ? null : s.quoted(rel, e);
                reacted = reacted(s.holding(rel), first.ackedTo(), rel, mtu, icmpAtFirst);
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

    /**
     * How long after a router sent an ICMP it reaches the sender at the latest: a one-way trip back
     * along the path (the router is on it), with room for a long-haul link and the clocks' error.
     */
    static final long ICMP_WAY_BACK_NANOS = 200_000_000L;

    /**
     * Was the sender's capture running from when the ICMP was last seen on its way until it should have
     * arrived? A capture stopped (or started) by hand at another time than the router's cannot say that
     * an ICMP never reached the sender.
     */
    private static boolean watching(PathModel model, IcmpEvent last, int senderPoint) {
        long at = last.timeNanos() - offset(model, last.point(), senderPoint);
        return model.pointStart(senderPoint) <= at && model.pointEnd(senderPoint) >= at + ICMP_WAY_BACK_NANOS;
    }

    private static long offset(PathModel model, int from, int to) {
        var o = model.clocks().between(to, from);
        return o == null ? 0 : o.offsetNanos();
    }

    /**
     * After the ICMP: copies of the quoted bytes that fit the MTU, or the bytes acknowledged,
     * mean the sender adapted; copies still too big as single wire packets mean it did not.
     * {@code copies}: the direction's suspects that hold byte {@code rel} (all for Long.MIN_VALUE).
     */
    static Boolean reacted(List<Transmission> copies, long ackedTo, long rel, int mtu, long icmpTime) {
        boolean fit = false;
        boolean tooBig = false;
        for (Transmission t : copies) {
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
        if (rel != Long.MIN_VALUE && ackedTo > rel) {
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
