package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.flow.Transmission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the fate of every transmission in question (retransmitted, or never acknowledged):
 * following it from the point nearest its sender along the path, it was delivered, or it died
 * between the last point that saw it and the next.
 */
public final class SegmentFates {
    /** A copy counts as seen downstream this long before its upstream time (clock error). */
    static final long SLACK_NANOS = 2_000_000L;

    private SegmentFates() {
    }

    /**
     * The ranges whose copies need matching one by one at downstream points (a second pass),
     * keyed by {@link ArrivalCollector#key}. Empty when coverage alone decides every fate.
     */
    public static Map<Long, IntervalSet> queries(PathModel model) {
        Map<Long, IntervalSet> q = new HashMap<>();
        for (Connection c : model.connections()) {
            for (int d = 0; d < 2; d++) {
                List<TcpDirection> dirs = c.at(model.order(PathModel.hostDirection(c, d)), d);
                if (dirs.size() < 2) {
                    continue;
                }
                for (int j = 0; j < dirs.size() - 1; j++) {
                    TcpDirection from = dirs.get(j);
                    for (Transmission t : followedFrom(model, dirs, j)) {
                        for (int k = j + 1; k < dirs.size(); k++) {
                            TcpDirection down = dirs.get(k);
                            long dx = shift(from, down);
                            if (down.seen().intersects(t.start() + dx, t.end() + dx)) {
                                q.computeIfAbsent(ArrivalCollector.key(down.flow().point(), down.flow().serial(),
                                        down.index()), x -> new IntervalSet(1 << 16)).add(t.start() + dx, t.end() + dx);
                            }
                        }
                    }
                }
            }
        }
        return q;
    }

    /**
     * A copy not acknowledged within this long, with no later copy, may still have been on its
     * way when the capture ended: Linux's first retransmission timeout before any RTT sample
     * (RFC 6298 2.1), well above its 200 ms floor plus the RTT of the paths this tool is for.
     */
    static final long MIN_RTO_NANOS = 1_000_000_000L;
    /** Linux's ceiling on the retransmission timeout (TCP_RTO_MAX). */
    static final long MAX_RTO_NANOS = 120_000_000_000L;

    /** @param arrivals second-pass results, or null when no second pass was run */
    public static List<SegmentFate> compute(PathModel model, ArrivalCollector arrivals) {
        List<SegmentFate> out = new ArrayList<>();
        Map<HostDirection, Map<Integer, Long>> heard = new HashMap<>();
        for (Connection c : model.connections()) {
            for (int d = 0; d < 2; d++) {
                HostDirection hd = PathModel.hostDirection(c, d);
                List<Integer> order = model.order(hd);
                List<TcpDirection> dirs = c.at(order, d);
                if (dirs.isEmpty()) {
                    continue;
                }
                for (int j = 0; j < dirs.size(); j++) {
                    TcpDirection from = dirs.get(j);
                    List<Transmission> copies = followedFrom(model, dirs, j);
                    if (copies.isEmpty()) {
                        continue;
                    }
                    Map<Integer, Long> lastFromReceiver = heard.computeIfAbsent(hd, x -> lastHeard(model, x.reverse()));
                    Map<Transmission, List<Transmission>> twins = twinsWithoutIpId(copies);
                    long[][] around = copyTimesAround(copies);
                    long dx = shift(dirs.get(0), from);
                    for (int i = 0; i < copies.size(); i++) {
                        Transmission t = copies.get(i);
                        Copy copy = new Copy(t, around[1][i], rto(t, around[0][i]), twins.get(t));
                        SegmentFate f = fate(model, c, d, hd, order, j, copy, arrivals,
                                lastFromReceiver.getOrDefault(from.flow().point(), Long.MIN_VALUE));
                        // byte ranges as the nearest point to the sender counts them, as every fate's are
                        out.add(dx == 0 ? f : new SegmentFate(f.connection(), f.direction(), f.hostDirection(),
                                shifted(t, -dx), f.firstPoint(), f.lastSeen(), f.nextPoint(), f.kind()));
                    }
                }
            }
        }
        return out;
    }

    /**
     * One copy and what its sender did next.
     *
     * @param nextCopy when the sender sent its bytes again, or Long.MAX_VALUE
     * @param rto      how long the sender would wait for an acknowledgement of it
     * @param twins    the copies of exactly its range sent within the slack of each other when it has no IP ID,
     *                 else null
     */
    private record Copy(Transmission t, long nextCopy, long rto, List<Transmission> twins) {
        /**
         * How long after it was sent a copy may still be on its way: until the sender gave up on it
         * (it sent the bytes again), else its whole retransmission timeout.
         */
        long inFlight() {
            return nextCopy == Long.MAX_VALUE ? rto : Math.min(rto, nextCopy - t.timeNanos());
        }

        boolean superseded() {
            return nextCopy != Long.MAX_VALUE;
        }
    }

    /**
     * The sender's retransmission timeout after copy {@code t}: twice the gap since {@code prev}, when the
     * previous copy of its bytes was sent (the timer backs off exponentially), or the initial timeout
     * for a first copy ({@code prev} Long.MIN_VALUE).
     */
    private static long rto(Transmission t, long prev) {
        if (prev == Long.MIN_VALUE) {
            return MIN_RTO_NANOS;
        }
        return Math.max(MIN_RTO_NANOS, Math.min(MAX_RTO_NANOS, 2 * (t.timeNanos() - prev)));
    }

    /** For each point, the last time anything from {@code hd}'s sender to its receiver was seen there. */
    private static Map<Integer, Long> lastHeard(PathModel model, HostDirection hd) {
        Map<Integer, Long> out = new HashMap<>();
        for (PathModel.ConnectionDirection cd : model.connectionsOf(hd)) {
            for (TcpFlow f : cd.connection().sightings()) {
                TcpDirection x = cd.connection().direction(f, cd.d());
                if (x.packets() > 0) {
                    out.merge(f.point(), x.lastTime(), Math::max);
                }
            }
        }
        return out;
    }

    private record Range(long start, long end) {
    }

    /**
     * Copies without an IP ID (IPv6) of one exact byte range sent within {@link #SLACK_NANOS} of each
     * other, in the order they were sent, for each such copy. Copies further apart are told apart by
     * time alone.
     */
    private static Map<Transmission, List<Transmission>> twinsWithoutIpId(List<Transmission> copies) {
        Map<Range, List<Transmission>> byRange = new HashMap<>();
        for (Transmission t : copies) {
            if (t.ipId() <= 0) {
                byRange.computeIfAbsent(new Range(t.start(), t.end()), r -> new ArrayList<>(2)).add(t);
            }
        }
        Map<Transmission, List<Transmission>> out = new java.util.IdentityHashMap<>();
        for (List<Transmission> l : byRange.values()) {
            l.sort(Comparator.comparingLong(Transmission::timeNanos));
            List<Transmission> cluster = new ArrayList<>(2);
            for (Transmission t : l) {
                if (!cluster.isEmpty() && t.timeNanos() - cluster.get(cluster.size() - 1).timeNanos() >= SLACK_NANOS) {
                    addCluster(cluster, out);
                    cluster = new ArrayList<>(2);
                }
                cluster.add(t);
            }
            addCluster(cluster, out);
        }
        return out;
    }

    private static void addCluster(List<Transmission> cluster, Map<Transmission, List<Transmission>> out) {
        if (cluster.size() > 1) {
            for (Transmission t : cluster) {
                out.put(t, cluster);
            }
        }
    }

    /** For each copy, when a later copy overlapping its bytes was sent (Long.MAX_VALUE: never). */
    static long[] nextCopyTimes(List<Transmission> copies) {
        return copyTimesAround(copies)[1];
    }

    /**
     * For each copy, when the latest earlier copy overlapping its bytes was sent ([0], Long.MIN_VALUE:
     * none) and the earliest later one ([1], Long.MAX_VALUE: none). Copies are indexed by their first
     * byte, so only those that can overlap are looked at: a direction keeps thousands of copies (1-byte
     * segments behind a hole, issue 16) and comparing each with every other took minutes.
     */
    static long[][] copyTimesAround(List<Transmission> copies) {
        int n = copies.size();
        Transmission[] byStart = copies.toArray(new Transmission[0]);
        java.util.Arrays.sort(byStart, Comparator.comparingLong(Transmission::start));
        long[] starts = new long[n];
        long longest = 0;
        for (int k = 0; k < n; k++) {
            starts[k] = byStart[k].start();
            longest = Math.max(longest, byStart[k].end() - byStart[k].start());
        }
        long[] prev = new long[n];
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            Transmission t = copies.get(i);
            long before = Long.MIN_VALUE;
            long after = Long.MAX_VALUE;
            // an overlapping copy starts after t.start - longest and before t.end
            for (int k = firstAtOrAfter(starts, t.start() - longest); k < n && starts[k] < t.end(); k++) {
                Transmission o = byStart[k];
                if (o.start() < t.end() && o.end() > t.start()) {
                    if (o.timeNanos() > t.timeNanos()) {
                        after = Math.min(after, o.timeNanos());
                    } else if (o.timeNanos() < t.timeNanos()) {
                        before = Math.max(before, o.timeNanos());
                    }
                }
            }
            prev[i] = before;
            next[i] = after;
        }
        return new long[][] {prev, next};
    }

    private static int firstAtOrAfter(long[] sorted, long v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /**
     * Follows one copy from the first point that saw it along the whole path order: the furthest
     * point that saw it, then the first point after that which was capturing when it should have
     * passed (points without any packet of this connection count too: a black hole leaves the
     * downstream points nothing to see). A copy sent too close to the end of the captures to tell
     * is in flight ({@link SegmentFate.Kind#UNKNOWN}), not lost.
     *
     * @param receiverHeard the last time the first point saw the receiver send anything to the sender
     */
    private static SegmentFate fate(PathModel model, Connection c, int d, HostDirection hd, List<Integer> order,
            int startAt, Copy copy, ArrivalCollector arrivals, long receiverHeard) {
        Transmission t = copy.t();
        List<TcpDirection> dirs = c.at(order, d);
        TcpDirection first = dirs.get(startAt);
        int firstPoint = first.flow().point();
        int from = order.indexOf(firstPoint);
        int lastSeen = from;
        for (int k = from + 1; k < order.size(); k++) {
            TcpFlow f = c.atPoint(order.get(k));
            if (f != null && seen(model, copy, first, c.direction(f, d), arrivals)) {
                lastSeen = k;
            }
        }
        int lastPoint = order.get(lastSeen);
        // seen at the receiver's own host: it arrived, whatever became of it there (a copy the receiver had
        // already SACKed and got again, or one its own firewall dropped, is no loss on the path). A point
        // that is both ends at once (loopback, a switch's mirror port) says so only when a point before it
        // saw the copy too.
        boolean atReceiver = lastSeen == order.size() - 1 && model.atReceiver(hd, lastPoint)
                && (lastSeen > from || !model.atSender(hd, lastPoint));
        if (t.outcome() == Transmission.Outcome.ACKED || atReceiver) {
            return new SegmentFate(c, d, hd, t, firstPoint, lastPoint, -1, SegmentFate.Kind.DELIVERED);
        }
        long due = t.timeNanos() + copy.inFlight();
        for (int k = lastSeen + 1; k < order.size(); k++) {
            int p = order.get(k);
            long theta = offset(model, firstPoint, p);
            if (model.pointStart(p) - theta > t.timeNanos() + SLACK_NANOS) {
                continue; // not capturing yet when the copy came by: it may have passed unseen
            }
            if (model.pointEnd(p) - theta < due) {
                return new SegmentFate(c, d, hd, t, firstPoint, lastPoint, p, SegmentFate.Kind.UNKNOWN);
            }
            return new SegmentFate(c, d, hd, t, firstPoint, lastPoint, p, SegmentFate.Kind.DIED);
        }
        // no point beyond it was watching: only the receiver's silence about these bytes tells
        boolean timedOut = copy.superseded() || model.pointEnd(firstPoint) >= due;
        boolean receiverTalked = receiverHeard > t.timeNanos();
        SegmentFate.Kind k;
        if (!timedOut || !receiverTalked) {
            k = SegmentFate.Kind.UNKNOWN;
        } else if (lastSeen == from) {
            k = SegmentFate.Kind.NOT_ACKNOWLEDGED;
        } else {
            k = SegmentFate.Kind.DIED;
        }
        return new SegmentFate(c, d, hd, t, firstPoint, lastPoint, -1, k);
    }

    /**
     * The copies in question whose fate is followed from the {@code j}-th point that saw the direction:
     * the first point's suspects; a later point's only where no point before it was capturing when
     * they passed (its capture ended before them, or began after: captures stopped by hand at
     * different times). Such a copy passed the points before unseen, so it is followed from the first
     * point that saw it, and a loss before that point leaves no trace, as before any first point.
     */
    static List<Transmission> followedFrom(PathModel model, List<TcpDirection> dirs, int j) {
        TcpDirection at = dirs.get(j);
        if (j == 0) {
            return at.suspects();
        }
        List<Transmission> out = new ArrayList<>();
        int point = at.flow().point();
        for (Transmission t : at.suspects()) {
            boolean unseenBefore = true;
            for (int i = 0; i < j && unseenBefore; i++) {
                int p = dirs.get(i).flow().point();
                long when = t.timeNanos() - offset(model, p, point);
                unseenBefore = when > model.pointEnd(p) + SLACK_NANOS || when < model.pointStart(p) - SLACK_NANOS;
            }
            if (unseenBefore) {
                out.add(t);
            }
        }
        return out;
    }

    /** {@code t} with its byte range moved by {@code by}. */
    private static Transmission shifted(Transmission t, long by) {
        return new Transmission(t.start() + by, t.end() + by, t.timeNanos(), t.ipLength(), t.ipId(), t.wireSegments(),
                t.headerBytes(), t.tsVal(), t.retransmission(), t.outcome());
    }

    private static long offset(PathModel model, int p, int q) {
        ClockOffsets.Offset o = model.clocks().between(p, q);
        return o == null ? 0 : o.offsetNanos();
    }

    /**
     * Did this copy (not just its bytes) reach {@code down}?
     *
     * @param twins the copies of exactly t's range when it has no IP ID and was sent more than once, else null
     */
    private static boolean seen(PathModel model, Copy copy, TcpDirection first, TcpDirection down,
            ArrivalCollector arrivals) {
        Transmission t = copy.t();
        long nextCopy = copy.nextCopy();
        List<Transmission> twins = copy.twins();
        long dx = shift(first, down);
        if (!down.seen().intersects(t.start() + dx, t.end() + dx)) {
            return false;
        }
        if (arrivals == null) {
            return true;
        }
        List<ArrivalCollector.Arrival> at = arrivals.arrivals(down);
        if (dx != 0) {
            at = at.stream().map(a -> new ArrivalCollector.Arrival(a.start() - dx, a.end() - dx, a.timeNanos(), a.ipId(),
                    a.ipLength())).toList();
        }
        long theta = offset(model, first.flow().point(), down.flow().point());
        if (twins != null && matchedInOrder(t, twins, at, theta)) {
            return true;
        }
        for (ArrivalCollector.Arrival a : at) {
            if (a.end() <= t.start() || a.start() >= t.end()) {
                continue;
            }
            if (twins != null && a.start() == t.start() && a.end() == t.end()) {
                continue; // already matched in order
            }
            if (t.ipId() > 0 && a.ipId() > 0) {
                int delta = (a.ipId() - t.ipId()) & 0xffff;
                if (delta < Math.max(1, t.wireSegments())) {
                    return true;
                }
                continue;
            }
            long local = a.timeNanos() - theta;
            if (local >= t.timeNanos() - SLACK_NANOS && local < nextCopy - SLACK_NANOS) {
                return true;
            }
        }
        return false;
    }

    /**
     * Without IP IDs only time tells copies of one segment apart, and copies sent closer together than
     * the slack (Linux re-sends a flight for each Packet Too Big it gets) share their arrivals: every one
     * would fall in the last copy's window, and the earlier copies would pass for lost. Instead the
     * twins are matched to the arrivals of the same range in order: each twin, in the order sent, takes
     * the first arrival not yet taken and not earlier than itself.
     */
    private static boolean matchedInOrder(Transmission t, List<Transmission> twins, List<ArrivalCollector.Arrival> at,
            long theta) {
        List<Long> times = new ArrayList<>();
        for (ArrivalCollector.Arrival a : at) {
            if (a.start() == t.start() && a.end() == t.end()) {
                times.add(a.timeNanos() - theta);
            }
        }
        times.sort(null);
        int j = 0;
        for (Transmission twin : twins) {
            while (j < times.size() && times.get(j) < twin.timeNanos() - SLACK_NANOS) {
                j++;
            }
            boolean matched = j < times.size();
            if (twin == t) {
                return matched;
            }
            if (matched) {
                j++;
            }
        }
        return false;
    }

    /**
     * Where byte 0 of {@code first}'s relative sequence space lies in {@code x}'s: 0 when both saw the
     * SYN (both count from the ISN); otherwise each point counts from the first byte it saw, and a
     * capture started mid-connection must be lined up by the raw sequence numbers.
     */
    static long shift(TcpDirection first, TcpDirection x) {
        if (x == first) {
            return 0;
        }
        long r = x.relative(first.raw(0));
        return r == Long.MIN_VALUE ? 0 : r;
    }

    /** Byte ranges of one connection direction that never reached the receiver. */
    public static IntervalSet undelivered(PathModel model, Connection c, int d) {
        HostDirection hd = PathModel.hostDirection(c, d);
        List<TcpDirection> dirs = c.at(model.order(hd), d);
        if (dirs.isEmpty()) {
            return new IntervalSet();
        }
        TcpDirection first = dirs.get(0);
        IntervalSet delivered = new IntervalSet();
        long acked = Long.MIN_VALUE;
        for (TcpDirection x : dirs) {
            long dx = shift(first, x);
            if (x.ackedTo() != Long.MIN_VALUE) {
                acked = Math.max(acked, x.ackedTo() - dx);
            }
            IntervalSet s = x.sacked();
            for (int i = 0; i < s.size(); i++) {
                delivered.add(s.start(i) - dx, s.end(i) - dx);
            }
        }
        if (acked > 0) {
            delivered.add(0, acked);
        }
        TcpDirection last = dirs.get(dirs.size() - 1);
        if (dirs.size() > 1 && model.atReceiver(hd, last.flow().point())) {
            long dx = shift(first, last);
            IntervalSet s = last.seen();
            for (int i = 0; i < s.size(); i++) {
                delivered.add(s.start(i) - dx, s.end(i) - dx);
            }
        }
        IntervalSet missing = new IntervalSet();
        IntervalSet sent = first.seen();
        for (int i = 0; i < sent.size(); i++) {
            IntervalSet m = delivered.missing(sent.start(i), sent.end(i));
            for (int j = 0; j < m.size(); j++) {
                missing.add(m.start(j), m.end(j));
            }
        }
        return missing;
    }
}
