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
                TcpDirection first = dirs.get(0);
                for (Transmission t : first.suspects()) {
                    for (int k = 1; k < dirs.size(); k++) {
                        TcpDirection down = dirs.get(k);
                        if (down.seen().intersects(t.start(), t.end())) {
                            q.computeIfAbsent(ArrivalCollector.key(down.flow().point(), down.flow().serial(),
                                    down.index()), x -> new IntervalSet(1 << 16)).add(t.start(), t.end());
                        }
                    }
                }
            }
        }
        return q;
    }

    /** @param arrivals second-pass results, or null when no second pass was run */
    public static List<SegmentFate> compute(PathModel model, ArrivalCollector arrivals) {
        List<SegmentFate> out = new ArrayList<>();
        for (Connection c : model.connections()) {
            for (int d = 0; d < 2; d++) {
                HostDirection hd = PathModel.hostDirection(c, d);
                List<TcpDirection> dirs = c.at(model.order(hd), d);
                if (dirs.isEmpty()) {
                    continue;
                }
                TcpDirection first = dirs.get(0);
                List<Transmission> copies = first.suspects();
                Map<Range, List<Transmission>> twins = twinsWithoutIpId(copies);
                long[] nextCopies = nextCopyTimes(copies);
                for (int i = 0; i < copies.size(); i++) {
                    out.add(fate(model, c, d, hd, dirs, copies.get(i), nextCopies[i], twins, arrivals));
                }
            }
        }
        return out;
    }

    private record Range(long start, long end) {
    }

    /** Copies without an IP ID (IPv6) of each exact byte range sent more than once, in the order they were sent. */
    private static Map<Range, List<Transmission>> twinsWithoutIpId(List<Transmission> copies) {
        Map<Range, List<Transmission>> byRange = new HashMap<>();
        for (Transmission t : copies) {
            if (t.ipId() <= 0) {
                byRange.computeIfAbsent(new Range(t.start(), t.end()), r -> new ArrayList<>(2)).add(t);
            }
        }
        byRange.values().removeIf(l -> l.size() < 2);
        byRange.values().forEach(l -> l.sort(Comparator.comparingLong(Transmission::timeNanos)));
        return byRange;
    }

    /**
     * For each copy, when a later copy overlapping its bytes was sent (Long.MAX_VALUE: never).
     * Copies are indexed by their first byte, so only those that can overlap are looked at: a
     * direction kept thousands of copies (1-byte segments behind a hole) and comparing each with
     * every other took minutes.
     */
    static long[] nextCopyTimes(List<Transmission> copies) {
        int n = copies.size();
        Transmission[] byStart = copies.toArray(new Transmission[0]);
        java.util.Arrays.sort(byStart, Comparator.comparingLong(Transmission::start));
        long[] starts = new long[n];
        long longest = 0;
        for (int k = 0; k < n; k++) {
            starts[k] = byStart[k].start();
            longest = Math.max(longest, byStart[k].end() - byStart[k].start());
        }
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            Transmission t = copies.get(i);
            long best = Long.MAX_VALUE;
            // an overlapping copy starts after t.start - longest and before t.end
            int k = firstAtOrAfter(starts, t.start() - longest);
            for (; k < n && starts[k] < t.end(); k++) {
                Transmission o = byStart[k];
                if (o.timeNanos() > t.timeNanos() && o.start() < t.end() && o.end() > t.start()) {
                    best = Math.min(best, o.timeNanos());
                }
            }
            next[i] = best;
        }
        return next;
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

    private static SegmentFate fate(PathModel model, Connection c, int d, HostDirection hd, List<TcpDirection> dirs,
            Transmission t, long nextCopy, Map<Range, List<Transmission>> twins, ArrivalCollector arrivals) {
        TcpDirection first = dirs.get(0);
        int firstPoint = first.flow().point();
        if (dirs.size() == 1) {
            SegmentFate.Kind k;
            if (t.outcome() == Transmission.Outcome.ACKED) {
                k = SegmentFate.Kind.DELIVERED;
            } else if (first.acksSeen() && first.peer().lastTime() > t.timeNanos()) {
                k = SegmentFate.Kind.NOT_ACKNOWLEDGED;
            } else {
                k = SegmentFate.Kind.UNKNOWN;
            }
            return new SegmentFate(c, d, hd, t, firstPoint, firstPoint, -1, k);
        }
        int lastSeen = 0;
        for (int k = 1; k < dirs.size(); k++) {
            if (seen(model, t, nextCopy, twins.get(new Range(t.start(), t.end())), first, dirs.get(k), arrivals)) {
                lastSeen = k;
            }
        }
        int lastPoint = dirs.get(lastSeen).flow().point();
        boolean atEnd = lastSeen == dirs.size() - 1;
        if (t.outcome() == Transmission.Outcome.ACKED || atEnd && model.atReceiver(hd, lastPoint)) {
            return new SegmentFate(c, d, hd, t, firstPoint, lastPoint, -1, SegmentFate.Kind.DELIVERED);
        }
        boolean observed;
        int next;
        if (atEnd) {
            // seen everywhere we looked, never acknowledged: it died beyond the last capture point
            next = -1;
            observed = first.acksSeen() && first.peer().lastTime() > t.timeNanos();
        } else {
            // the next point must have gone on capturing after this copy would have passed it
            TcpDirection down = dirs.get(lastSeen + 1);
            next = down.flow().point();
            long theta = offset(model, firstPoint, next);
            observed = down.flow().lastTime() - theta > t.timeNanos();
        }
        return new SegmentFate(c, d, hd, t, firstPoint, lastPoint, next,
                observed ? SegmentFate.Kind.DIED : SegmentFate.Kind.UNKNOWN);
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
    private static boolean seen(PathModel model, Transmission t, long nextCopy, List<Transmission> twins,
            TcpDirection first, TcpDirection down, ArrivalCollector arrivals) {
        if (!down.seen().intersects(t.start(), t.end())) {
            return false;
        }
        if (arrivals == null) {
            return true;
        }
        List<ArrivalCollector.Arrival> at = arrivals.arrivals(down);
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
            acked = Math.max(acked, x.ackedTo());
            IntervalSet s = x.sacked();
            for (int i = 0; i < s.size(); i++) {
                delivered.add(s.start(i), s.end(i));
            }
        }
        if (acked > 0) {
            delivered.add(0, acked);
        }
        TcpDirection last = dirs.get(dirs.size() - 1);
        if (dirs.size() > 1 && model.atReceiver(hd, last.flow().point())) {
            IntervalSet s = last.seen();
            for (int i = 0; i < s.size(); i++) {
                delivered.add(s.start(i), s.end(i));
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
