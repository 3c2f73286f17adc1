package io.gossippreflight.analyzer.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class IntervalSetTest {
    @Test
    void appendExtendsAndReportsNewBytes() {
        IntervalSet s = new IntervalSet();
        assertEquals(10, s.add(0, 10));
        assertEquals(5, s.add(10, 15));
        assertEquals(1, s.size());
        assertEquals(0, s.add(3, 7), "fully seen before");
        assertEquals(5, s.add(12, 20), "partly new");
        assertEquals("{[0,20)}", s.toString());
        assertEquals(5, s.add(30, 35));
        assertEquals(2, s.size());
        assertEquals(10, s.add(20, 30), "filling the gap merges all");
        assertEquals("{[0,35)}", s.toString());
    }

    @Test
    void coversMissingAndCounts() {
        IntervalSet s = new IntervalSet();
        s.add(0, 10);
        s.add(20, 30);
        s.add(40, 50);
        assertTrue(s.covers(2, 8));
        assertTrue(s.covers(20, 30));
        assertFalse(s.covers(5, 25));
        assertEquals(5 + 5, s.coveredBytes(5, 25));
        assertEquals("{[10,20), [30,40)}", s.missing(0, 50).toString());
        assertEquals("{[50,60)}", s.missing(45, 60).toString());
        assertEquals(30, s.totalBytes());
        assertTrue(s.intersects(9, 11));
        assertFalse(s.intersects(10, 20));
    }

    @Test
    void insertBeforeAndMergeAcrossSeveral() {
        IntervalSet s = new IntervalSet();
        s.add(100, 110);
        s.add(50, 60);
        s.add(0, 10);
        assertEquals("{[0,10), [50,60), [100,110)}", s.toString());
        assertEquals(100 - 20, s.add(5, 105));
        assertEquals("{[0,110)}", s.toString());
    }

    @Test
    void matchesABitmapOnRandomInput() {
        Random r = new Random(1);
        for (int round = 0; round < 50; round++) {
            IntervalSet s = new IntervalSet();
            boolean[] bits = new boolean[500];
            for (int k = 0; k < 40; k++) {
                int a = r.nextInt(490);
                int b = a + 1 + r.nextInt(10);
                int fresh = 0;
                for (int i = a; i < b; i++) {
                    if (!bits[i]) {
                        fresh++;
                        bits[i] = true;
                    }
                }
                assertEquals(fresh, s.add(a, b));
            }
            for (int a = 0; a < 500; a += 7) {
                int b = Math.min(500, a + 13);
                boolean all = true;
                int n = 0;
                for (int i = a; i < b; i++) {
                    all &= bits[i];
                    n += bits[i] ? 1 : 0;
                }
                assertEquals(all, s.covers(a, b));
                assertEquals(n, s.coveredBytes(a, b));
            }
            TreeSet<Long> starts = new TreeSet<>();
            for (int i = 0; i < s.size(); i++) {
                assertTrue(s.end(i) > s.start(i));
                if (i > 0) {
                    assertTrue(s.start(i) > s.end(i - 1), "disjoint, not touching");
                }
                starts.add(s.start(i));
            }
        }
    }

    @Test
    void capMergesTheClosestGapAndSaysSo() {
        IntervalSet s = new IntervalSet(3);
        s.add(0, 1);
        s.add(10, 11);
        s.add(12, 13);
        assertFalse(s.saturated());
        s.add(100, 101);
        assertTrue(s.saturated());
        assertEquals(3, s.size());
        assertEquals("{[0,1), [10,13), [100,101)}", s.toString());
    }
}
