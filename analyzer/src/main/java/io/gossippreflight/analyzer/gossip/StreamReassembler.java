package io.gossippreflight.analyzer.gossip;

import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction's TCP payload back in order: duplicates are dropped, early segments wait
 * (up to a byte cap), and bytes the capture never had become explicit gaps.
 */
final class StreamReassembler {
    /** Receives the stream in order. */
    interface Sink {
        void data(byte[] bytes, int offset, int length, long timeNanos);

        void gap(long length);
    }

    /** Bytes waiting in all reassemblers of one capture, against one cap. */
    static final class Budget {
        final long max;
        long used;

        Budget(long max) {
            this.max = max;
        }
    }

    private final Sink sink;
    private final long maxPendingBytes;
    private final Budget budget;
    private final TreeMap<Long, byte[]> pending = new TreeMap<>();
    private final TreeMap<Long, Long> pendingTimes = new TreeMap<>();
    private long pendingBytes;
    private long next;
    private boolean started;

    StreamReassembler(Sink sink, long maxPendingBytes) {
        this(sink, maxPendingBytes, new Budget(Long.MAX_VALUE));
    }

    StreamReassembler(Sink sink, long maxPendingBytes, Budget budget) {
        this.sink = sink;
        this.maxPendingBytes = maxPendingBytes;
        this.budget = budget;
    }

    /** Stream offset the next in-order byte will have. */
    long next() {
        return next;
    }

    /**
     * A segment: {@code captured} bytes of it present (the snaplen may have cut the rest of
     * {@code length}).
     */
    void segment(long rel, byte[] bytes, int captured, int length, long timeNanos) {
        if (!started) {
            started = true;
            if (rel > 0) {
                sink.gap(rel); // the capture began after the stream did
            }
            next = Math.max(0, rel);
        }
        long end = rel + length;
        if (end <= next) {
            return; // retransmission of bytes already passed on
        }
        if (rel > next) {
            if (!pending.containsKey(rel) || pending.get(rel).length < captured) {
                byte[] keep = java.util.Arrays.copyOf(bytes, captured);
                byte[] old = pending.put(rel, keep);
                pendingTimes.put(rel, timeNanos);
                int added = keep.length - (old == null ? 0 : old.length);
                pendingBytes += added;
                budget.used += added;
            }
            if (pendingBytes > maxPendingBytes || budget.used > budget.max) {
                long first = pending.firstKey();
                sink.gap(first - next); // give up on the hole: it is not coming
                next = first;
                drain();
            }
            return;
        }
        emit(rel, bytes, captured, length, timeNanos);
        drain();
    }

    private void emit(long rel, byte[] bytes, int captured, int length, long timeNanos) {
        int skip = (int) (next - rel);
        if (skip < captured) {
            sink.data(bytes, skip, captured - skip, timeNanos);
        }
        long end = rel + length;
        long capturedEnd = rel + captured;
        if (capturedEnd < end) {
            long from = Math.max(next, capturedEnd);
            sink.gap(end - from); // cut by the snaplen
        }
        next = end;
    }

    private void drain() {
        while (!pending.isEmpty()) {
            Map.Entry<Long, byte[]> e = pending.firstEntry();
            long rel = e.getKey();
            byte[] b = e.getValue();
            if (rel > next) {
                return;
            }
            pending.pollFirstEntry();
            long t = pendingTimes.remove(rel);
            pendingBytes -= b.length;
            budget.used -= b.length;
            if (rel + b.length > next) {
                emit(rel, b, b.length, b.length, t);
            }
        }
    }

    /** End of capture: whatever still waits is passed on behind a gap. */
    void finish() {
        while (!pending.isEmpty()) {
            long first = pending.firstKey();
            if (first > next) {
                sink.gap(first - next);
                next = first;
            }
            drain();
        }
    }
}
