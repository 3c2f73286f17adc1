package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.pass.PacketSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Clock offsets between capture points, from packets both points saw. For packets travelling
 * P→Q, {@code tQ − tP = θ + delay}; for Q→P, {@code tQ − tP = θ − delay}. With both directions
 * matched, θ lies between the smallest forward and the largest backward difference; we take
 * the midpoint (the NTP estimate, assuming symmetric minimum delay).
 */
public final class ClockOffsets {
    /**
     * @param offsetNanos θ = clock(Q) − clock(P); 0 when unknown
     * @param known       false when no two-way traffic pinned it down (then 0 is assumed)
     * @param matched     packets both points saw (in the sample)
     */
    public record Offset(int p, int q, long offsetNanos, boolean known, int matched) {
    }

    private final Map<Long, Offset> offsets = new HashMap<>();
    private final Map<Long, List<long[]>> matches = new HashMap<>();

    /**
     * @param sameClock pairs of points known to share a clock (two interfaces of one capture)
     */
    public ClockOffsets(Map<Integer, PacketSampler> samples, SameClock sameClock) {
        List<Integer> pts = new ArrayList<>(samples.keySet());
        pts.sort(null);
        for (int i = 0; i < pts.size(); i++) {
            for (int j = i + 1; j < pts.size(); j++) {
                int p = pts.get(i);
                int q = pts.get(j);
                compute(p, q, samples.get(p), samples.get(q), sameClock.same(p, q));
            }
        }
    }

    /** Tells which points share a clock. */
    public interface SameClock {
        boolean same(int p, int q);
    }

    private void compute(int p, int q, PacketSampler sp, PacketSampler sq, boolean same) {
        long threshold = Long.compareUnsigned(sp.threshold(), sq.threshold()) < 0 ? sp.threshold() : sq.threshold();
        // A packet seen more than once at either point (a retransmission whose copies carry the same
        // bytes, a duplicate from -i any) cannot say which copy is which: a first copy matched with a
        // resend taken 0.5 s later put two points of one host's clock half a second apart.
        Map<Long, Integer> index = new HashMap<>();
        java.util.Set<Long> ambiguous = new java.util.HashSet<>();
        for (int i = 0; i < sp.size(); i++) {
            if (Long.compareUnsigned(sp.hash(i), threshold) < 0 && index.put(sp.hash(i), i) != null) {
                ambiguous.add(sp.hash(i));
            }
        }
        java.util.Set<Long> seenAtQ = new java.util.HashSet<>();
        for (int k = 0; k < sq.size(); k++) {
            if (index.containsKey(sq.hash(k)) && !seenAtQ.add(sq.hash(k))) {
                ambiguous.add(sq.hash(k));
            }
        }
        ambiguous.forEach(index::remove);
        // per direction (src,dst): min and max of tQ - tP
        Map<String, long[]> dirs = new HashMap<>();
        List<long[]> m = new ArrayList<>();
        for (int k = 0; k < sq.size(); k++) {
            Integer i = index.get(sq.hash(k));
            if (i == null) {
                continue;
            }
            long delta = sq.time(k) - sp.time(i);
            long src = sp.src(i);
            long dst = sp.dst(i);
            // {src, dst, tP, tQ, ttlP, ttlQ}
            m.add(new long[] {src, dst, sp.time(i), sq.time(k), sp.ttl(i), sq.ttl(k)});
            long[] mm = dirs.computeIfAbsent(src + ">" + dst, x -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0, src, dst});
            mm[0] = Math.min(mm[0], delta);
            mm[1] = Math.max(mm[1], delta);
            mm[2]++;
        }
        if (m.isEmpty()) {
            return;
        }
        matches.put(key(p, q), m);
        if (same) {
            offsets.put(key(p, q), new Offset(p, q, 0, true, m.size()));
            return;
        }
        double sum = 0;
        long weight = 0;
        for (long[] fwd : dirs.values()) {
            long[] back = dirs.get(fwd[4] + ">" + fwd[3]);
            if (back == null || fwd[3] > fwd[4]) {
                continue; // each unordered pair once
            }
            double theta;
            if (fwd[0] >= back[1]) {
                theta = (fwd[0] + (double) back[1]) / 2;   // P upstream for fwd
            } else if (back[0] >= fwd[1]) {
                theta = (back[0] + (double) fwd[1]) / 2;   // Q upstream for fwd
            } else {
                theta = (fwd[0] + (double) back[0]) / 2;   // overlapping (jitter): middle of the minima
            }
            long w = fwd[2] + back[2];
            sum += theta * w;
            weight += w;
        }
        if (weight == 0) {
            offsets.put(key(p, q), new Offset(p, q, 0, false, m.size()));
        } else {
            offsets.put(key(p, q), new Offset(p, q, Math.round(sum / weight), true, m.size()));
        }
    }

    private static long key(int p, int q) {
        return (long) Math.min(p, q) << 32 | Math.max(p, q);
    }

    /** θ = clock(q) − clock(p), or null when the two points share no packets. */
    public Offset between(int p, int q) {
        Offset o = offsets.get(key(p, q));
        if (o == null) {
            return null;
        }
        if (o.p() == p) {
            return o;
        }
        return new Offset(p, q, -o.offsetNanos(), o.known(), o.matched());
    }

    /**
     * Matched samples between two points as {src, dst, tP, tQ, ttlP, ttlQ} (p, q as asked).
     */
    public List<long[]> matches(int p, int q) {
        List<long[]> m = matches.get(key(p, q));
        if (m == null) {
            return List.of();
        }
        if (p < q) {
            return m;
        }
        List<long[]> flipped = new ArrayList<>(m.size());
        for (long[] x : m) {
            flipped.add(new long[] {x[0], x[1], x[3], x[2], x[5], x[4]});
        }
        return flipped;
    }

    public List<Offset> all() {
        return List.copyOf(offsets.values());
    }
}
