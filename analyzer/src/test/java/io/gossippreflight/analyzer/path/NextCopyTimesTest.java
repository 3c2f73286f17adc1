package io.gossippreflight.analyzer.path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.gossippreflight.analyzer.flow.Transmission;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The indexed search for each copy's previous and next overlapping copies gives what comparing every pair gives. */
class NextCopyTimesTest {
    private static long[] previous;

    private static long[] everyPair(List<Transmission> copies) {
        long[] out = new long[copies.size()];
        previous = new long[copies.size()];
        for (int i = 0; i < copies.size(); i++) {
            Transmission t = copies.get(i);
            long best = Long.MAX_VALUE;
            long prev = Long.MIN_VALUE;
            for (Transmission o : copies) {
                if (o.timeNanos() > t.timeNanos() && o.start() < t.end() && o.end() > t.start()) {
                    best = Math.min(best, o.timeNanos());
                }
                if (o.timeNanos() < t.timeNanos() && o.start() < t.end() && o.end() > t.start()) {
                    prev = Math.max(prev, o.timeNanos());
                }
            }
            out[i] = best;
            previous[i] = prev;
        }
        return out;
    }

    @Test
    void sameAsComparingEveryPair() {
        Random r = new Random(5);
        for (int round = 0; round < 300; round++) {
            List<Transmission> copies = new ArrayList<>();
            int n = r.nextInt(60);
            for (int i = 0; i < n; i++) {
                long start = r.nextInt(5000);
                long len = r.nextInt(4) == 0 ? 0 : r.nextInt(r.nextBoolean() ? 3 : 1500);
                copies.add(new Transmission(start, start + len, r.nextInt(50), 40, 0, 1, 40, 0, false,
                        Transmission.Outcome.ACKED));
            }
            long[][] around = SegmentFates.copyTimesAround(copies);
            assertArrayEquals(everyPair(copies), around[1], "next, round " + round);
            assertArrayEquals(previous, around[0], "previous, round " + round);
        }
    }
}
