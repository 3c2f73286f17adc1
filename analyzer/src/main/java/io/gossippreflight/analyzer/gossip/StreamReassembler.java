package io.gossippreflight.analyzer.gossip;

import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one direction's TCP payload back in order: duplicates are dropped, early segments wait,
 * and bytes the capture never had become explicit gaps. What waits is bounded per direction in
 * segments and in bytes (each segment counted with its bookkeeping, so a flood of 1-byte
 * segments is bounded too), and over all directions by a {@link ReassemblyBudget}: past any of
 * them, the hole is given up as lost and what waited is passed on.
 */
final class StreamReassembler {
    /** Receives the stream in order. */
    interface Sink {
        void data(byte[] bytes, int offset, int length, long timeNanos);

        void gap(long length);
    }

    /** Heap held per waiting segment besides its bytes: map entry, key, this record, array header. */
    static final int SEGMENT_COST = 96;

    /** A segment waiting for the bytes before it. */
    private record Waiting(byte[] bytes, long timeNanos) {
    }

    private final Sink sink;
    private final long maxPendingBytes;
    private final int maxPendingSegments;
    private final ReassemblyBudget budget;
    private final TreeMap<Long, Waiting> pending = new TreeMap<>();
    /** Bytes waiting plus {@link #SEGMENT_COST} per segment: what is charged to the budget. */
    private long pendingCost;
    private long next;
    private boolean started;
    private long holesGivenUp;

    StreamReassembler(Sink sink, long maxPendingBytes) {
        this(sink, maxPendingBytes, Integer.MAX_VALUE, new ReassemblyBudget(Long.MAX_VALUE));
    }

    StreamReassembler(Sink sink, long maxPendingBytes, int maxPendingSegments, ReassemblyBudget budget) {
        this.sink = sink;
        this.maxPendingBytes = maxPendingBytes;
        this.maxPendingSegments = maxPendingSegments;
        this.budget = budget;
    }

    /** Stream offset the next in-order byte will have. */
    long next() {
        return next;
    }

    /** Segments waiting now. */
    int pendingSegments() {
        return pending.size();
    }

    /** Holes given up on because too much waited behind them. */
    long holesGivenUp() {
        return holesGivenUp;
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
            Waiting old = pending.get(rel);
            if (old == null || old.bytes.length < captured) {
                byte[] keep = java.util.Arrays.copyOf(bytes, captured);
                pending.put(rel, new Waiting(keep, timeNanos));
                long added = keep.length + (old == null ? SEGMENT_COST : -old.bytes.length);
                pendingCost += added;
                budget.add(added);
            }
            if (pendingCost - (long) pending.size() * SEGMENT_COST > maxPendingBytes
                    || pending.size() > maxPendingSegments || budget.over()) {
                long first = pending.firstKey();
                holesGivenUp++;
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
            Map.Entry<Long, Waiting> e = pending.firstEntry();
            long rel = e.getKey();
            if (rel > next) {
                return;
            }
            byte[] b = e.getValue().bytes;
            pending.pollFirstEntry();
            release(b.length + SEGMENT_COST);
            if (rel + b.length > next) {
                emit(rel, b, b.length, b.length, e.getValue().timeNanos);
            }
        }
    }

    private void release(long cost) {
        pendingCost -= cost;
        budget.add(-cost);
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

    /** Drops whatever waits without passing it on (decoding of this direction stopped). */
    void discard() {
        pending.clear();
        release(pendingCost);
    }
}
