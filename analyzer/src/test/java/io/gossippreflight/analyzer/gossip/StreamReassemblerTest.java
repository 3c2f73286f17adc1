package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamReassemblerTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> log = new ArrayList<>();
    private final StreamReassembler r = new StreamReassembler(new StreamReassembler.Sink() {
        @Override
        public void data(byte[] bytes, int offset, int length, long timeNanos) {
            out.write(bytes, offset, length);
            log.add("data " + length);
        }

        @Override
        public void gap(long length) {
            log.add("gap " + length);
        }
    }, 100);

    private static byte[] bytes(int from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (from + i);
        }
        return b;
    }

    private void seg(int rel, int n) {
        r.segment(rel, bytes(rel, n), n, n, 0);
    }

    @Test
    void reordersAndDropsDuplicates() {
        seg(0, 10);
        seg(20, 10);
        seg(10, 10);
        seg(5, 10);   // duplicate
        seg(25, 10);  // partial overlap
        assertEquals(35, out.size());
        byte[] all = out.toByteArray();
        for (int i = 0; i < 35; i++) {
            assertEquals((byte) i, all[i]);
        }
        assertEquals(35, r.next());
    }

    @Test
    void aHoleThatNeverFillsBecomesAGapWhenThePendingCapIsExceeded() {
        seg(0, 10);
        seg(30, 60);
        seg(90, 60); // 120 bytes waiting > 100: give up on [10, 30)
        assertEquals(List.of("data 10", "gap 20", "data 60", "data 60"), log);
        assertEquals(150, r.next());
    }

    @Test
    void snaplenCutSegmentsBecomeGaps() {
        r.segment(0, bytes(0, 40), 40, 100, 0);
        seg(100, 10);
        assertEquals(List.of("data 40", "gap 60", "data 10"), log);
    }

    @Test
    void captureStartingMidStreamAndTrailingHoles() {
        seg(50, 10);
        seg(80, 10);
        r.finish();
        assertEquals(List.of("gap 50", "data 10", "gap 20", "data 10"), log);
    }

    private static final class Counting implements StreamReassembler.Sink {
        long data;
        final List<Long> gaps = new ArrayList<>();

        @Override
        public void data(byte[] bytes, int offset, int length, long timeNanos) {
            data += length;
        }

        @Override
        public void gap(long length) {
            gaps.add(length);
        }
    }

    @Test
    void oneByteSegmentsBehindAHoleAreBoundedInCountAndCharged() {
        ReassemblyBudget budget = new ReassemblyBudget(1L << 30);
        Counting sink = new Counting();
        StreamReassembler s = new StreamReassembler(sink, 1 << 20, 64, budget);
        s.segment(0, bytes(0, 1), 1, 1, 0);
        int peak = 0;
        for (int i = 0; i < 10_000; i++) {
            s.segment(11 + i, bytes(i, 1), 1, 1, 0); // byte 1..10 never come
            peak = Math.max(peak, s.pendingSegments());
            assertEquals(s.pendingSegments() * (1L + StreamReassembler.SEGMENT_COST), budget.used());
        }
        assertEquals(64, peak, "never more than the segment cap waits");
        assertEquals(List.of(10L), sink.gaps, "the hole was given up once");
        assertEquals(1 + 10_000, sink.data);
        s.finish();
        assertEquals(0, budget.used(), "everything charged is given back");
    }

    @Test
    void aSharedBudgetGivesUpHolesAcrossDirections() {
        ReassemblyBudget budget = new ReassemblyBudget(10 * (100 + StreamReassembler.SEGMENT_COST));
        Counting a = new Counting();
        Counting b = new Counting();
        StreamReassembler ra = new StreamReassembler(a, 1 << 20, 1000, budget);
        StreamReassembler rb = new StreamReassembler(b, 1 << 20, 1000, budget);
        ra.segment(0, bytes(0, 1), 1, 1, 0);
        rb.segment(0, bytes(0, 1), 1, 1, 0);
        for (int i = 0; i < 6; i++) {
            ra.segment(10 + 100 * i, bytes(0, 100), 100, 100, 0);
        }
        assertEquals(6, ra.pendingSegments());
        for (int i = 0; i < 5; i++) {
            rb.segment(10 + 100 * i, bytes(0, 100), 100, 100, 0); // the 5th goes over the shared budget
        }
        assertEquals(List.of(9L), b.gaps);
        assertEquals(0, rb.pendingSegments());
        assertTrue(budget.used() <= budget.max());
        ra.discard();
        assertEquals(0, budget.used());
    }
}
