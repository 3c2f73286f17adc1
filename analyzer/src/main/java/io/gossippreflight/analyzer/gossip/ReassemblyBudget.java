package io.gossippreflight.analyzer.gossip;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Memory that stream reassembly and decoding may hold over every connection of one analysis
 * (captures read in parallel share it): out-of-order segments, counted with their bookkeeping,
 * and the decoders' buffers. What would go over it is given up on, never allocated: a hole is
 * declared lost, or a connection's decoding stops (and the report says so). Segment fates come
 * from the flow tracker and do not depend on it.
 */
public final class ReassemblyBudget {
    /** The smallest budget, whatever the heap: enough for a few connections' frames. */
    static final long MIN = 4L << 20;
    /** The largest: far above what real gossip holds at once. */
    static final long MAX = 256L << 20;

    private final long max;
    private final AtomicLong used = new AtomicLong();

    public ReassemblyBudget(long max) {
        if (max < 1) {
            throw new IllegalArgumentException("budget must be positive, got " + max);
        }
        this.max = max;
    }

    /** A quarter of the heap, between 4 and 256 MiB: at -Xmx64m, 16 MiB. */
    public static ReassemblyBudget forHeap() {
        return new ReassemblyBudget(Math.max(MIN, Math.min(MAX, Runtime.getRuntime().maxMemory() / 4)));
    }

    public long max() {
        return max;
    }

    public long used() {
        return used.get();
    }

    /** Adds (or, negative, gives back) bytes; true while the total stays within the budget. */
    boolean add(long delta) {
        return delta == 0 ? used.get() <= max : used.addAndGet(delta) <= max;
    }

    boolean over() {
        return used.get() > max;
    }

    /**
     * The largest message one connection's decoder may assemble: a quarter of the budget, at
     * most the wire limit (64 MiB). Larger ones are reported and skipped.
     */
    int maxMessageSize(int wireLimit) {
        return (int) Math.max(1L << 20, Math.min(wireLimit, max / 4));
    }
}
