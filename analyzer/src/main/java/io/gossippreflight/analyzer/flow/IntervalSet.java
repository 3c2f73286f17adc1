package io.gossippreflight.analyzer.flow;

import java.util.Arrays;

/**
 * A set of disjoint half-open byte ranges {@code [start, end)} kept sorted in primitive arrays.
 * Appending at the right edge (in-order TCP data) is O(1). The number of ranges is capped: past
 * the cap the two closest neighbours are merged, so memory stays bounded at the price of
 * precision inside that one gap ({@link #saturated()} tells).
 */
public final class IntervalSet {
    private final int maxRanges;
    private static final long[] NONE = new long[0];
    private long[] starts = NONE; // allocated on first add: most sets of a big capture stay empty
    private long[] ends = NONE;
    private int n;
    private boolean saturated;

    public IntervalSet() {
        this(1 << 16);
    }

    public IntervalSet(int maxRanges) {
        if (maxRanges < 2) {
            throw new IllegalArgumentException("maxRanges must be at least 2");
        }
        this.maxRanges = maxRanges;
    }

    public int size() {
        return n;
    }

    public boolean isEmpty() {
        return n == 0;
    }

    public long start(int i) {
        return starts[i];
    }

    public long end(int i) {
        return ends[i];
    }

    public boolean saturated() {
        return saturated;
    }

    /** Lowest start, or Long.MAX_VALUE when empty. */
    public long min() {
        return n == 0 ? Long.MAX_VALUE : starts[0];
    }

    /** Highest end, or Long.MIN_VALUE when empty. */
    public long max() {
        return n == 0 ? Long.MIN_VALUE : ends[n - 1];
    }

    /** Adds {@code [start, end)}; returns how many of its bytes were not in the set before. */
    public long add(long start, long end) {
        if (end <= start) {
            return 0;
        }
        if (n == 0 || start > ends[n - 1]) {
            append(start, end);
            return end - start;
        }
        if (start == ends[n - 1]) {
            ends[n - 1] = end;
            return end - start;
        }
        // first range whose end >= start (touching counts as overlapping, so ranges merge)
        int i = firstEndAtOrAfter(start);
        if (i == n || starts[i] > end) {
            insert(i, start, end);
            return end - start;
        }
        // merge ranges i..j that overlap or touch [start, end)
        long covered = 0;
        int j = i;
        long newStart = Math.min(start, starts[i]);
        long newEnd = end;
        while (j < n && starts[j] <= end) {
            covered += Math.max(0, Math.min(ends[j], end) - Math.max(starts[j], start));
            newEnd = Math.max(newEnd, ends[j]);
            j++;
        }
        starts[i] = newStart;
        ends[i] = newEnd;
        int removed = j - i - 1;
        if (removed > 0) {
            System.arraycopy(starts, j, starts, i + 1, n - j);
            System.arraycopy(ends, j, ends, i + 1, n - j);
            n -= removed;
        }
        return (end - start) - covered;
    }

    /** True when every byte of {@code [start, end)} is in the set. */
    public boolean covers(long start, long end) {
        if (end <= start) {
            return true;
        }
        int i = lastStartAtOrBefore(start);
        return i >= 0 && ends[i] >= end;
    }

    /** How many bytes of {@code [start, end)} are in the set. */
    public long coveredBytes(long start, long end) {
        if (end <= start || n == 0) {
            return 0;
        }
        long c = 0;
        int i = Math.max(0, lastStartAtOrBefore(start));
        for (; i < n && starts[i] < end; i++) {
            c += Math.max(0, Math.min(ends[i], end) - Math.max(starts[i], start));
        }
        return c;
    }

    /** True when any byte of {@code [start, end)} is in the set. */
    public boolean intersects(long start, long end) {
        return coveredBytes(start, end) > 0;
    }

    /** The ranges of {@code [start, end)} not in the set. */
    public IntervalSet missing(long start, long end) {
        IntervalSet gaps = new IntervalSet(maxRanges);
        long at = start;
        int i = Math.max(0, lastStartAtOrBefore(start));
        for (; i < n && starts[i] < end && at < end; i++) {
            if (ends[i] <= at) {
                continue;
            }
            if (starts[i] > at) {
                gaps.add(at, Math.min(starts[i], end));
            }
            at = Math.max(at, ends[i]);
        }
        if (at < end) {
            gaps.add(at, end);
        }
        return gaps;
    }

    public long totalBytes() {
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += ends[i] - starts[i];
        }
        return t;
    }

    private int firstEndAtOrAfter(long x) {
        int lo = 0;
        int hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ends[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private int lastStartAtOrBefore(long x) {
        int lo = 0;
        int hi = n - 1;
        int ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= x) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }

    private void append(long start, long end) {
        grow();
        starts[n] = start;
        ends[n] = end;
        n++;
        capAfterInsert();
    }

    private void insert(int i, long start, long end) {
        grow();
        System.arraycopy(starts, i, starts, i + 1, n - i);
        System.arraycopy(ends, i, ends, i + 1, n - i);
        starts[i] = start;
        ends[i] = end;
        n++;
        capAfterInsert();
    }

    private void grow() {
        if (n == starts.length) {
            int len = Math.min(Math.max(4, starts.length * 2), maxRanges + 1);
            starts = Arrays.copyOf(starts, len);
            ends = Arrays.copyOf(ends, len);
        }
    }

    private void capAfterInsert() {
        if (n <= maxRanges) {
            return;
        }
        // merge across the smallest gap
        int best = 0;
        long bestGap = Long.MAX_VALUE;
        for (int i = 0; i + 1 < n; i++) {
            long gap = starts[i + 1] - ends[i];
            if (gap < bestGap) {
                bestGap = gap;
                best = i;
            }
        }
        ends[best] = ends[best + 1];
        System.arraycopy(starts, best + 2, starts, best + 1, n - best - 2);
        System.arraycopy(ends, best + 2, ends, best + 1, n - best - 2);
        n--;
        saturated = true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append('[').append(starts[i]).append(',').append(ends[i]).append(')');
        }
        return sb.append('}').toString();
    }
}
