package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.plan.Bisection;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The first bisection round sent beside the ladder: a path at a common tunnel MTU is pinned by
 * it alone, and any limit between 1,280 and 1,500 bytes by one more round of the same width.
 * Each case plays the rounds against a path with a sharp limit, as {@link SizeSearch} would.
 */
class AnticipatedSizesTest {

    /** Rounds (the anticipated one first) a path limited to {@code mtu} needs to be pinned. */
    private static int roundsToPin(int mtu, int upper, int parallel) {
        List<Integer> first = SizeSearch.anticipatedSizes(upper, parallel, null);
        assertTrue(first.size() <= parallel, first + " is wider than " + parallel);
        // what the ladder's answers know: 1,279 crossed, the interface MTU is the upper bound
        Bisection b = new Bisection(SizeSearch.ANTICIPATED_LOW - 1, upper);
        first.forEach(s -> b.record(s, s <= mtu));
        int rounds = 1;
        while (!b.done()) {
            List<Integer> next = b.next(parallel);
            if (next.isEmpty()) {
                break;
            }
            next.forEach(s -> b.record(s, s <= mtu));
            rounds++;
        }
        OptionalInt exact = b.exactLimit();
        assertEquals(mtu, exact.orElse(-1), "pinned limit");
        return rounds;
    }

    @ParameterizedTest(name = "MTU {0} on a {1}-byte interface: pinned by the first round")
    @CsvSource({"1280, 9001", "1422, 9001", "1420, 9001", "1450, 9001", "1400, 9001", "1500, 9001", "1476, 9001",
            "1438, 9001", "1422, 1500", "1450, 1500", "1400, 1500"})
    void aCommonTunnelMtuIsPinnedByTheFirstRound(int mtu, int upper) {
        assertEquals(1, roundsToPin(mtu, upper, CheckOptions.DEFAULT_PARALLEL));
    }

    @ParameterizedTest(name = "{1}-byte interface, {0} probes a round: every limit from 1,280 to 1,500 pinned in two rounds")
    @CsvSource({"24, 9001", "24, 1500", "16, 9001", "32, 9001"})
    void anyLimitInTheTunnelRangeIsPinnedByTheSecondRound(int parallel, int upper) {
        int top = Math.min(upper, SizeSearch.ANTICIPATED_HIGH);
        for (int mtu = SizeSearch.ANTICIPATED_LOW; mtu <= top; mtu++) {
            int rounds = roundsToPin(mtu, upper, parallel);
            assertTrue(rounds <= 2, "MTU " + mtu + " took " + rounds + " rounds at " + parallel + " probes a round");
        }
    }

    @ParameterizedTest(name = "{0} probes a round on a {1}-byte interface: distinct, in range")
    @CsvSource({"1, 9001", "2, 9001", "5, 9001", "24, 1400", "24, 1282", "64, 9001"})
    void sizesAreDistinctAndWithinTheInterface(int parallel, int upper) {
        List<Integer> sizes = SizeSearch.anticipatedSizes(upper, parallel, null);
        assertTrue(!sizes.isEmpty() && sizes.size() <= parallel, sizes.toString());
        assertEquals(sizes.size(), sizes.stream().distinct().count(), sizes.toString());
        assertTrue(sizes.stream().allMatch(s -> s >= SizeSearch.ANTICIPATED_LOW && s <= upper), sizes.toString());
    }

    @ParameterizedTest(name = "hint {0} or an interface of {1}: no anticipated round")
    @CsvSource({"1422, 9001", ", 1281", ", 1200"})
    void noRoundWhenALimitIsKnownOrNothingCanBeSearched(Integer hint, int upper) {
        assertEquals(List.of(), SizeSearch.anticipatedSizes(upper, CheckOptions.DEFAULT_PARALLEL, hint));
    }
}
