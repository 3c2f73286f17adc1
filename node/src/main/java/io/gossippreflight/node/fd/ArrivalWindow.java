package io.gossippreflight.node.fd;

/**
 * The last {@code size} heartbeat inter-arrival times of one endpoint and their mean, as
 * Cassandra keeps them (gms/FailureDetector.java ArrivalWindow): the first arrival records
 * the initial value (erring towards a long mean, i.e. late conviction, rather than flapping);
 * intervals longer than {@code maxIntervalNanos} are not recorded, so a long partition does
 * not teach the detector to tolerate long silences. Confined to one node's event loop.
 * The buffer grows as samples arrive (up to {@code size}), so a simulation of a thousand
 * nodes does not hold a million full windows it never fills.
 */
public final class ArrivalWindow {
    private static final int INITIAL_CAPACITY = 16;
    private final int size;
    private long[] intervals;
    private final long initialNanos;
    private final long maxIntervalNanos;
    private long sum;
    private int index;
    private boolean filled;
    private boolean hasLast;
    private long lastArrival;

    public ArrivalWindow(int size, long initialNanos, long maxIntervalNanos) {
        if (size < 1) {
            throw new IllegalArgumentException("window size must be >= 1, got " + size);
        }
        if (initialNanos <= 0 || maxIntervalNanos <= 0) {
            throw new IllegalArgumentException("initial and max interval must be positive");
        }
        this.size = size;
        this.intervals = new long[Math.min(size, INITIAL_CAPACITY)];
        this.initialNanos = initialNanos;
        this.maxIntervalNanos = maxIntervalNanos;
    }

    /** Records a heartbeat seen at {@code nowNanos}. */
    public void add(long nowNanos) {
        if (hasLast) {
            long interval = nowNanos - lastArrival;
            if (interval <= maxIntervalNanos) {
                record(interval);
            }
        } else {
            record(initialNanos);
            hasLast = true;
        }
        lastArrival = nowNanos;
    }

    private void record(long interval) {
        if (index == intervals.length && intervals.length < size) {
            intervals = java.util.Arrays.copyOf(intervals, Math.min(size, intervals.length * 2));
        }
        if (index == intervals.length) {
            filled = true;
            index = 0;
        }
        if (filled) {
            sum -= intervals[index];
        }
        intervals[index++] = interval;
        sum += interval;
    }

    /** Number of recorded intervals (at most the window size). */
    public int count() {
        return filled ? intervals.length : index;
    }

    public double meanNanos() {
        int n = count();
        return n == 0 ? 0 : (double) sum / n;
    }

    /** Raw phi at {@code nowNanos}. Only meaningful after the first {@link #add}. */
    public double phi(long nowNanos) {
        if (!hasLast) {
            throw new IllegalStateException("no arrival recorded yet");
        }
        return Phi.phi(nowNanos - lastArrival, meanNanos());
    }

    public long lastArrivalNanos() {
        return lastArrival;
    }
}
