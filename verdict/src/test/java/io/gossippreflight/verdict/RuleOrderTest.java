package io.gossippreflight.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.RuleOrder.Connectivity;
import io.gossippreflight.verdict.RuleOrder.Facts;
import io.gossippreflight.verdict.RuleOrder.Finding;
import io.gossippreflight.verdict.RuleOrder.Icmp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleOrderTest {
    @ParameterizedTest(name = "[{index}] {8}")
    @CsvSource(delimiter = '|', textBlock = """
        # connect   | lossNotSize | icmp          | mss   | lostAbove | crossed | hidden | finding            | case
          CONNECTED | false       | NONE          | false | false     | true    | false  | HEALTHY            | everything crossed
          CONNECTED | false       | NONE          | false | false     | true    | true   | INCONCLUSIVE       | crossed, but a loss could hide (in flight at the end)
          CONNECTED | false       | NONE          | false | false     | false   | false  | INCONCLUSIVE       | nothing sent
          REFUSED   | false       | NONE          | false | false     | false   | false  | REFUSED            | every attempt reset
          UNANSWERED| false       | NONE          | false | false     | false   | false  | UNREACHABLE        | every attempt unanswered
          UNANSWERED| false       | NONE          | false | true      | true    | false  | SILENT_BLACK_HOLE  | some attempts unanswered, yet data crossed: judge the data
          CONNECTED | true        | NOT_DELIVERED | true  | true      | true    | false  | ICMP_NOT_DELIVERED | a limit stays the finding beside loss (loss is a warning on it)
          CONNECTED | true        | OBEYED        | false | false     | true    | false  | PMTUD_WORKS        | a lossy path with PMTUD working keeps its MTU
          CONNECTED | true        | NONE          | false | true      | true    | false  | SILENT_BLACK_HOLE  | losses above every size that crossed, beside loss below: still a limit
          CONNECTED | true        | NONE          | false | false     | true    | false  | RANDOM_LOSS        | loss, and no size limit: random loss
          CONNECTED | true        | NONE          | false | false     | true    | true   | RANDOM_LOSS        | loss seen outweighs what might hide
          CONNECTED | false       | NOT_DELIVERED | true  | true      | true    | false  | ICMP_NOT_DELIVERED | ICMP seen on the way, never at the sender
          CONNECTED | false       | IGNORED       | false | true      | true    | false  | ICMP_IGNORED       | ICMP reached a sender that kept sending
          CONNECTED | false       | OBEYED        | true  | true      | true    | false  | PMTUD_WORKS        | ICMP obeyed comes before clamping and losses above it
          CONNECTED | false       | NONE          | true  | true      | true    | false  | MSS_CLAMPED        | a clamp explains why TCP kept within the limit
          CONNECTED | false       | NONE          | false | true      | true    | false  | SILENT_BLACK_HOLE  | big packets lost, no ICMP
          CONNECTED | false       | NONE          | false | true      | false   | true   | SILENT_BLACK_HOLE  | nothing crossed, something lost
          CONNECTED | false       | NONE          | false | true      | true    | true   | SILENT_BLACK_HOLE  | a loss in flight does not hide one proven
          CONNECTED | false       | UNREADABLE    | false | true      | true    | false  | ICMP_UNREADABLE    | big packets lost, ICMP cut by the snap length: cannot tell
          CONNECTED | false       | UNREADABLE    | false | false     | true    | false  | HEALTHY            | unreadable ICMP and nothing lost: healthy
        """)
    void firstRuleThatHoldsDecides(Connectivity c, boolean lossNotSize, Icmp icmp, boolean mss, boolean lostAbove,
            boolean crossed, boolean hidden, Finding expected, String name) {
        assertEquals(expected, RuleOrder.judge(new Facts(c, lossNotSize, icmp, mss, lostAbove, crossed, hidden)), name);
    }

    @Test
    void neverHealthyWhenSomethingWasLostOrCouldHide() {
        for (Connectivity c : Connectivity.values()) {
            for (Icmp icmp : Icmp.values()) {
                for (int bits = 0; bits < 32; bits++) {
                    Facts f = new Facts(c, (bits & 1) != 0, icmp, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0,
                            (bits & 16) != 0);
                    Finding got = RuleOrder.judge(f);
                    boolean lost = f.lossNotSize() || f.lostAboveSize() || f.lossHidden() || !f.crossed()
                            || f.icmp() == Icmp.NOT_DELIVERED || f.icmp() == Icmp.IGNORED;
                    if (f.icmp() == Icmp.UNREADABLE && f.lostAboveSize() && !f.lossNotSize() && c == Connectivity.CONNECTED) {
                        assertFalse(got.status().isProblem(), "unreadable ICMP: no black hole claimed " + f + " -> " + got);
                    }
                    if (lost) {
                        assertFalse(got == Finding.HEALTHY, f + " -> " + got);
                    }
                    if (f.lostAboveSize() && f.icmp() == Icmp.NONE && !f.mssRewritten() && !f.lossNotSize() && f.crossed()) {
                        assertTrue(got.status().isProblem(), f + " -> " + got);
                    }
                }
            }
        }
    }

    @Test
    void blackHolesAndOneWayPathsFailWhateverTheSizes() {
        for (PathStatus s : PathStatus.values()) {
            boolean always = s == PathStatus.BLACK_HOLE || s == PathStatus.UNREACHABLE || s == PathStatus.REFUSED;
            assertEquals(always, RuleOrder.failsWhateverSizes(s), s.name());
            if (always) {
                assertTrue(s.isProblem(), s.name());
            }
        }
    }
}
