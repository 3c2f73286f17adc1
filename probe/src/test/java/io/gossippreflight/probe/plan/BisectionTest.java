package io.gossippreflight.probe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class BisectionTest {
    /** Runs the search against a path that carries sizes up to {@code limit}; returns rounds used. */
    private static int run(Bisection b, int limit, int parallel) {
        int rounds = 0;
        while (!b.done()) {
            List<Integer> sizes = b.next(parallel);
            assertFalse(sizes.isEmpty(), "not done but nothing to probe");
            assertTrue(sizes.size() <= parallel, "more probes than lanes: " + sizes);
            for (int s : sizes) {
                b.record(s, s <= limit);
            }
            rounds++;
            assertTrue(rounds < 100, "no progress");
        }
        return rounds;
    }

    @ParameterizedTest(name = "limit {0}, {2} lanes from {1}: at most {3} rounds")
    @CsvSource({
        "1422, 576, 1, 14",
        "1422, 576, 8, 6",
        "1422, 576, 16, 4",
        "1423, 1062, 12, 4",
        "1280, 1280, 12, 4",
        "1281, 1280, 12, 4",
        "9000, 576, 12, 5",
        "9001, 576, 12, 1",
        "1500, 600, 3, 8",
    })
    void findsTheExactLimit(int limit, int start, int parallel, int maxRounds) {
        Bisection b = new Bisection(start, 9001);
        int rounds = run(b, limit, parallel);
        if (limit >= 9001) {
            assertEquals(9001, b.largestCrossed());
            assertEquals(OptionalInt.empty(), b.smallestLost());
        } else {
            assertEquals(OptionalInt.of(limit), b.exactLimit());
            assertEquals(OptionalInt.of(limit + 1), b.smallestLost());
        }
        assertTrue(rounds <= maxRounds, "took " + rounds + " rounds, expected at most " + maxRounds);
    }

    @Test
    void firstRoundTriesTheUpperBoundItself() {
        Bisection b = new Bisection(1000, 9001);
        List<Integer> first = b.next(4);
        assertEquals(9001, first.get(0));
        assertEquals(4, first.size());
    }

    @Test
    void neverProposesASizeTwiceOrOutsideTheGap() {
        Bisection b = new Bisection(1000, 1010);
        List<Integer> first = b.next(20);
        assertEquals(List.of(1010, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009), first);
        assertEquals(List.of(), b.next(20), "everything is in flight already");
        b.record(1005, true);
        b.record(1006, false);
        assertTrue(b.done());
        assertEquals(OptionalInt.of(1005), b.exactLimit());
    }

    @Test
    void aSizeLostBelowOneThatCrossedIsAContradiction() {
        Bisection b = new Bisection(576, 9001);
        b.record(1400, false);
        b.record(4000, true);
        assertTrue(b.contradicted());
        assertTrue(b.done());
        assertEquals(OptionalInt.empty(), b.exactLimit());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new Bisection(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new Bisection(11, 10));
        Bisection b = new Bisection(5, 10);
        assertThrows(IllegalArgumentException.class, () -> b.record(11, true));
        assertThrows(IllegalArgumentException.class, () -> b.next(0));
    }

    @ParameterizedTest(name = "limit {0}, hint {1}")
    @CsvSource({
        "1422, 1422",   // unchanged: pinned by the hint's pair in the first round
        "1422, 1400",   // moved: the hint costs two probes, never a round more than without it
        "1422, 8000",
        "9000, 9000",
        "1280, 1422",
    })
    void aHintPinsAnUnchangedLimitInOneRound(int limit, int hint) {
        Bisection plain = new Bisection(600, 9001);
        plain.record(9001, false);
        int without = run(plain, limit, 12);
        Bisection b = new Bisection(600, 9001).hint(hint);
        b.record(9001, false);
        int used = run(b, limit, 12);
        assertEquals(OptionalInt.of(limit), b.exactLimit());
        assertTrue(used <= without, "rounds " + used + " with the hint, " + without + " without");
        if (hint == limit) {
            assertEquals(1, used);
            assertTrue(without > 1);
        }
    }

    @Test
    void aHintOutsideTheGapIsIgnored() {
        Bisection b = new Bisection(1500, 9001).hint(1422);
        b.record(9001, false);
        List<Integer> first = b.next(12);
        assertFalse(first.contains(1422));
        assertFalse(first.contains(1423));
        assertEquals(12, first.size());
    }
}
