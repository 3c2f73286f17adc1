package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gossippreflight.analyzer.report.SizePoint;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The size charts' order against List.sort by time: the same points in the same order, ties included. */
class ReportBuilderByTimeTest {
    @Test
    void ordersAsTheStableSortByTime() {
        SplittableRandom r = new SplittableRandom(5);
        for (int round = 0; round < 300; round++) {
            List<SizePoint> points = new ArrayList<>();
            int runs = 1 + r.nextInt(20);
            for (int run = 0; run < runs; run++) { // sorted runs (a direction's sample), ties, equal records
                long t = r.nextLong(1000);
                for (int k = r.nextInt(round < 10 ? 3 : 400); k > 0; k--) {
                    t += r.nextInt(3) == 0 ? 0 : r.nextInt(50) - (r.nextInt(10) == 0 ? 100 : 0);
                    points.add(new SizePoint(t, "a", "b", 1500, r.nextBoolean()));
                }
            }
            List<SizePoint> expected = new ArrayList<>(points);
            expected.sort(Comparator.comparingLong(SizePoint::timeNanos));
            List<SizePoint> got = ReportBuilder.byTime(points);
            assertEquals(expected.size(), got.size());
            for (int i = 0; i < got.size(); i++) {
                assertSame(expected.get(i), got.get(i), "round " + round + " at " + i);
            }
        }
    }
}
