package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.pass.EchoRecord;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pings as size probes ({@code ping -M do -s N}): each echo request or reply is followed along
 * the path like a TCP segment; it arrived when seen at the receiver's side (or, for a request,
 * when its reply exists), else it died after the last point that saw it.
 */
final class Pings {
    /**
     * An unanswered ping counts as lost when the same ping run sent a later one, or when the
     * captures went on this long after it (a capture file does not say when it was stopped).
     */
    static final long GRACE_NANOS = 1_000_000_000L;

    private Pings() {
    }

    /** One ping run: sender, receiver and identifier. */
    private static final class PacketRun {
        static long key(EchoRecord r) {
            return (r.srcLo() * 31 + r.dstLo()) * 65_537 + r.ident();
        }
    }

    private record Key(long srcHi, long srcLo, long dstHi, long dstLo, int ident, int sequence, boolean request) {
    }

    /** All pings of an analysis, indexed once. */
    static final class Index {
        final Map<HostDirectionKey, Map<Key, List<EchoRecord>>> byDirection = new java.util.HashMap<>();
        final java.util.Set<Key> replies = new java.util.HashSet<>();
        final Map<Long, Integer> lastSeqOfRun = new java.util.HashMap<>();
        long globalEnd = Long.MIN_VALUE;

        Index(PathModel model, List<EchoRecord> echoes) {
            for (EchoRecord r : echoes) {
                Key k = new Key(r.srcHi(), r.srcLo(), r.dstHi(), r.dstLo(), r.ident(), r.sequence(), r.request());
                if (r.request()) {
                    lastSeqOfRun.merge(PacketRun.key(r), r.sequence(), Math::max);
                } else {
                    replies.add(k);
                }
                byDirection.computeIfAbsent(new HostDirectionKey(r.srcHi(), r.srcLo(), r.dstHi(), r.dstLo()),
                        x -> new LinkedHashMap<>()).computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
            for (int p = 0; p < model.points().size(); p++) {
                if (model.pointEnd(p) != Long.MAX_VALUE) {
                    globalEnd = Math.max(globalEnd, model.pointEnd(p) - model.offsetToFirst(p));
                }
            }
        }
    }

    /** Whether a later echo of the run was seen at a point beyond {@code lastIndex}. */
    private static boolean overtaken(int[] furthest, int lastIndex, int sequence) {
        if (furthest == null) {
            return false;
        }
        for (int i = lastIndex + 1; i < furthest.length; i++) {
            if (furthest[i] > sequence) {
                return true;
            }
        }
        return false;
    }

    private record HostDirectionKey(long srcHi, long srcLo, long dstHi, long dstLo) {
    }

    static void collect(PathModel model, Places places, HostDirection hd, List<Integer> order, DirectionFacts f,
            Index index) {
        Map<Key, List<EchoRecord>> mine = index.byDirection.getOrDefault(
                new HostDirectionKey(hd.srcHi(), hd.srcLo(), hd.dstHi(), hd.dstLo()), Map.of());
        java.util.Set<Key> replies = index.replies;
        Map<Long, Integer> lastSeqOfRun = index.lastSeqOfRun;
        long globalEnd = index.globalEnd;
        // per run of this direction, the highest sequence seen at each point of the path: an echo that
        // stopped at a point a later echo of its run went beyond was lost, however near the end
        Map<Long, int[]> furthest = new java.util.HashMap<>();
        for (Map.Entry<Key, List<EchoRecord>> e : mine.entrySet()) {
            for (EchoRecord r : e.getValue()) {
                int i = order.indexOf(r.point());
                if (i >= 0) {
                    int[] seqs = furthest.computeIfAbsent(PacketRun.key(r), x -> {
                        int[] a = new int[order.size()];
                        java.util.Arrays.fill(a, -1);
                        return a;
                    });
                    seqs[i] = Math.max(seqs[i], e.getKey().sequence());
                }
            }
        }
        for (Map.Entry<Key, List<EchoRecord>> e : mine.entrySet()) {
            Key k = e.getKey();
            List<EchoRecord> seen = e.getValue();
            f.pings++;
            int size = seen.get(0).ipLength();
            int first = -1;
            int last = -1;
            int lastIndex = -1;
            boolean atReceiver = false;
            for (EchoRecord r : seen) {
                int i = order.indexOf(r.point());
                if (i >= 0 && (first < 0 || i < order.indexOf(first))) {
                    first = r.point();
                }
                if (i > lastIndex) {
                    lastIndex = i;
                    last = r.point();
                }
                atReceiver |= model.atReceiver(hd, r.point()) && i == order.size() - 1;
            }
            boolean answered = k.request() && replies.contains(new Key(k.dstHi(), k.dstLo(), k.srcHi(), k.srcLo(),
                    k.ident(), k.sequence(), false));
            if (atReceiver || answered) {
                f.largestDelivered = Math.max(f.largestDelivered, size);
                continue;
            }
            if (first < 0) {
                continue;
            }
            EchoRecord r0 = seen.get(0);
            long t = r0.firstTime() - model.offsetToFirst(r0.point());
            boolean downstream = lastIndex + 1 < order.size();
            int next = downstream ? order.get(lastIndex + 1) : -1;
            boolean laterInRun = k.request() && lastSeqOfRun.getOrDefault(PacketRun.key(r0), -1) > k.sequence()
                    || overtaken(furthest.get(PacketRun.key(r0)), lastIndex, k.sequence());
            if (!laterInRun && (globalEnd == Long.MIN_VALUE || globalEnd - t < GRACE_NANOS)) {
                f.inFlight.add(size); // the captures stopped before it could have arrived
                continue;
            }
            if (!k.request() && !downstream) {
                f.inFlight.add(size); // a reply with no capture at its receiver: cannot tell
                continue;
            }
            f.lost.add(FactCollector.lostPacket(model, places, order, size, t, first, last, next, downstream, "ping",
                    false));
        }
    }
}
