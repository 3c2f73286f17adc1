package io.gossippreflight.probe.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.TreeSet;

/**
 * A k-ary search for the largest IP packet size that crosses a path. It keeps the largest size
 * seen crossing and the smallest seen lost; each round proposes up to k sizes that split the gap
 * evenly, so k probes in flight at once shrink it k + 1 times per round. Results that contradict
 * a single limit (a size lost below one that crossed) are kept: they mean loss, not an MTU.
 * Not thread-safe: one owner drives it.
 */
public final class Bisection {
    private final int upperBound;
    private int crossed;
    private int lost;
    private final TreeSet<Integer> crossedSizes = new TreeSet<>();
    private final TreeSet<Integer> lostSizes = new TreeSet<>();
    private final TreeSet<Integer> proposed = new TreeSet<>();
    private int hint;

    /**
     * @param knownToCross a size known to cross (e.g. the minimum MTU or a small probe that did)
     * @param upperBound the largest size that could cross at all (the local interface MTU)
     */
    public Bisection(int knownToCross, int upperBound) {
        if (knownToCross < 1 || upperBound < knownToCross) {
            throw new IllegalArgumentException("need 1 <= knownToCross <= upperBound, got " + knownToCross + ", " + upperBound);
        }
        this.upperBound = upperBound;
        this.crossed = knownToCross;
        this.lost = upperBound + 1;
    }

    /**
     * A limit an earlier check found ({@code probe watch}): the first round tries it and the byte
     * above it beside its even splits, so an unchanged limit is pinned in one round. A hint outside
     * the gap is ignored; a wrong one costs nothing but two probes.
     */
    public Bisection hint(int limit) {
        this.hint = limit;
        return this;
    }

    /** Records one probe of {@code size} bytes. */
    public void record(int size, boolean didCross) {
        if (size < 1 || size > upperBound) {
            throw new IllegalArgumentException("size " + size + " outside 1.." + upperBound);
        }
        if (didCross) {
            crossedSizes.add(size);
            crossed = Math.max(crossed, size);
        } else {
            lostSizes.add(size);
            lost = Math.min(lost, size);
        }
    }

    /**
     * The next sizes to probe, at most {@code parallel}, strictly inside the open gap and not yet
     * proposed; the upper bound itself first while no size has been lost. Empty when done.
     */
    public List<Integer> next(int parallel) {
        if (parallel < 1) {
            throw new IllegalArgumentException("parallel must be >= 1, got " + parallel);
        }
        List<Integer> out = new ArrayList<>();
        if (done()) {
            return out;
        }
        int lo = crossed;
        int hi = lost;
        if (lost > upperBound && !proposed.contains(upperBound)) {
            out.add(upperBound);
            hi = upperBound;
        }
        if (hint > lo && hint < hi && proposed.isEmpty() && parallel - out.size() >= 2) {
            out.add(hint);
            if (hint + 1 < hi) {
                out.add(hint + 1);
            }
        }
        int slots = parallel - out.size();
        int gap = hi - lo;
        if (slots > 0 && gap > 1) {
            if (gap - 1 <= slots) {
                for (int s = lo + 1; s < hi; s++) {
                    out.add(s);
                }
            } else {
                for (int i = 1; i <= slots; i++) {
                    out.add(lo + (int) ((long) gap * i / (slots + 1)));
                }
            }
        }
        List<Integer> fresh = new ArrayList<>();
        for (int s : out) {
            if (s > crossed && s < lost && proposed.add(s)) {
                fresh.add(s);
            }
        }
        return fresh;
    }

    /** True when the limit is pinned to one byte, or the upper bound crossed. */
    public boolean done() {
        return crossed >= upperBound || lost == crossed + 1 || contradicted();
    }

    /** A size was lost at or below a size that crossed: not a size limit. */
    public boolean contradicted() {
        return !lostSizes.isEmpty() && !crossedSizes.isEmpty() && lostSizes.first() <= crossedSizes.last();
    }

    /** Largest size that crossed (or the starting known size). */
    public int largestCrossed() {
        return crossed;
    }

    /** Smallest size lost, if any. */
    public OptionalInt smallestLost() {
        return lost > upperBound ? OptionalInt.empty() : OptionalInt.of(lost);
    }

    /** The exact limit, when pinned to one byte. */
    public OptionalInt exactLimit() {
        return !contradicted() && lost == crossed + 1 ? OptionalInt.of(crossed) : OptionalInt.empty();
    }

    public int upperBound() {
        return upperBound;
    }
}
