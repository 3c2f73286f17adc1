package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
