package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.flow.IntervalSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The losses' grouping of copies by range against comparing every copy with every range. */
class ReportBuilderByRangeTest {
    private record Span(long start, long end) {
    }

    private static List<List<Span>> everyWithEvery(IntervalSet ranges, List<Span> items) {
        List<List<Span>> out = new ArrayList<>();
        for (int i = 0; i < ranges.size(); i++) {
            List<Span> in = new ArrayList<>();
            for (Span x : items) {
                if (!(x.end() <= ranges.start(i) || x.start() >= ranges.end(i))) {
                    in.add(x);
                }
            }
            out.add(in);
        }
        return out;
    }

    @Test
    void sameGroupsInTheSameOrderAsComparingEveryCopyWithEveryRange() {
        SplittableRandom r = new SplittableRandom(7);
        int nonEmpty = 0;
        for (int round = 0; round < 300; round++) {
            List<Span> items = new ArrayList<>();
            int n = r.nextInt(200);
            long span = 1 + r.nextInt(20_000);
            for (int k = 0; k < n; k++) {
                long s = r.nextLong(span);
                long len = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(1500); // some empty, most segment-sized
                items.add(new Span(s, s + len));
            }
            // the ranges: the items (all, or some: a copy may lie outside every range), extra ranges,
            // and now and then a cap low enough to merge neighbours
            IntervalSet ranges = r.nextInt(5) == 0 ? new IntervalSet(2 + r.nextInt(8)) : new IntervalSet();
            boolean all = r.nextBoolean();
            for (Span x : items) {
                if (all || r.nextBoolean()) {
                    ranges.add(x.start(), x.end());
                }
            }
            for (int k = r.nextInt(5); k > 0; k--) {
                long s = r.nextLong(span);
                ranges.add(s, s + 1 + r.nextInt(3000));
            }
            List<List<Span>> expected = everyWithEvery(ranges, items);
            assertEquals(expected, ReportBuilder.byRange(ranges, items, Span::start, Span::end), "round " + round);
            nonEmpty += expected.stream().mapToInt(List::size).sum();
        }
        assertTrue(nonEmpty > 1000, "the rounds group copies at all");
    }
}
