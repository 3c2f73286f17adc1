package io.gossippreflight.probe.watch;

import static io.gossippreflight.probe.watch.WatchReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.verdict.PathStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WatchPolicyTest {
    @Test
    void theFirstCheckIsTheFullOneAndLaterOnesAreQuickAroundTheLastLimits() {
        CheckOptions full = CheckOptions.defaults();
        assertSame(full, WatchPolicy.next(full, null));
        CheckOptions quick = WatchPolicy.next(full, report(PathStatus.BLACK_HOLE, 1422, PathStatus.PMTUD_WORKS, 1400));
        assertEquals(WatchPolicy.QUICK_LADDER, quick.ladder());
        assertTrue(quick.ladder().size() < full.ladder().size());
        assertEquals(1422, quick.hint().outbound());
        assertEquals(1400, quick.hint().inbound());
        assertEquals(full.clusterName(), quick.clusterName());
        assertNull(WatchPolicy.next(full, report(PathStatus.UNREACHABLE, null)).hint().outbound());
    }

    @ParameterizedTest(name = "{0} {1} -> {2} {3}: changed {4}")
    @CsvSource({
        "HEALTHY, 9001, HEALTHY, 9001, false",
        "HEALTHY, 9001, BLACK_HOLE, 1422, true",
        "BLACK_HOLE, 1422, BLACK_HOLE, 1400, true",   // the tunnel was re-keyed onto a smaller MTU
        "PMTUD_WORKS, 1422, BLACK_HOLE, 1422, true",  // same MTU, ICMP now dropped
        "PMTUD_WORKS, 1422, PMTUD_WORKS, 1422, false",
        "UNREACHABLE, , UNREACHABLE, , false",
        "BLACK_HOLE, 1422, UNREACHABLE, , true",
    })
    void aChangeIsAStatusOrAnMtu(PathStatus s1, Integer m1, PathStatus s2, Integer m2, boolean changed) {
        assertEquals(changed, WatchPolicy.changed(report(s1, m1), report(s2, m2), false));
    }

    @Test
    void passingUnderStrictIsPartOfTheVerdict() {
        var a = report(PathStatus.PMTUD_WORKS, 1422);
        assertFalse(WatchPolicy.changed(a, report(PathStatus.PMTUD_WORKS, 1422), true));
        assertTrue(WatchPolicy.changed(null, a, false));
    }

    @Test
    void describesBothDirectionsInOneLine() {
        assertEquals("us → target BLACK_HOLE 1422, target → us PMTUD_WORKS 1400",
                WatchPolicy.describe(report(PathStatus.BLACK_HOLE, 1422, PathStatus.PMTUD_WORKS, 1400)));
        assertEquals("us → target UNREACHABLE, target → us UNREACHABLE",
                WatchPolicy.describe(report(PathStatus.UNREACHABLE, null)));
    }

    @Test
    void jitterStaysWithinTenPercent() {
        Duration i = Duration.ofSeconds(60);
        assertEquals(Duration.ofSeconds(54), WatchPolicy.jittered(i, 0));
        assertEquals(Duration.ofSeconds(60), WatchPolicy.jittered(i, 0.5));
        assertTrue(WatchPolicy.jittered(i, 0.999_999).compareTo(Duration.ofSeconds(66)) < 0);
        assertThrows(IllegalArgumentException.class, () -> WatchPolicy.jittered(i, 1));
    }

    @Test
    void largestCrossingAndNeededMessagesPerDirection() {
        var bh = report(PathStatus.HEALTHY, 9001, PathStatus.BLACK_HOLE, 1422);
        assertEquals(140_000, WatchPolicy.largestCrossing(bh, Direction.OUTBOUND));
        assertEquals(300, WatchPolicy.largestCrossing(bh, Direction.INBOUND));
        assertEquals(5_242, WatchPolicy.largestNeeded(bh, Direction.INBOUND));
        assertEquals(700, WatchPolicy.largestNeeded(bh, Direction.OUTBOUND));
    }
}
