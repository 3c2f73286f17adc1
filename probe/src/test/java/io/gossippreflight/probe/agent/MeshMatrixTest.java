package io.gossippreflight.probe.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MeshMatrixTest {
    private static PathVerdict v(String from, String to, PathStatus s, Integer mtu) {
        MtuEstimate m = mtu == null ? MtuEstimate.unknown() : new MtuEstimate(mtu, null, mtu, mtu + 1, null,
                MtuEstimate.Source.BISECTION);
        return new PathVerdict(from, to, s, m, Confidence.HIGH, s.name(), List.of(), List.of(), List.of());
    }

    /** agent {@code a} checked {@code b}: a → b judged {@code out}, b → a judged {@code in}. */
    private static PairResult r(String a, String b, PathStatus out, PathStatus in) {
        return new PairResult(a, b, "RESPONDER", v(a, b, out, 1422), v(b, a, in, 1422), 100, null);
    }

    @Test
    void eachOrderedPairFromBothEndsWorseFirst() {
        List<String> hosts = List.of("a", "b", "c");
        List<PairResult> results = new ArrayList<>();
        results.add(r("a", "b", PathStatus.BLACK_HOLE, PathStatus.PMTUD_WORKS));
        results.add(r("b", "a", PathStatus.PMTUD_WORKS, PathStatus.BLACK_HOLE));
        results.add(r("a", "c", PathStatus.HEALTHY, PathStatus.HEALTHY));
        results.add(r("c", "a", PathStatus.HEALTHY, PathStatus.INCONCLUSIVE)); // c sees a → c untested
        results.add(PairResult.failed("b", "c", "cannot ask b"));
        results.add(r("c", "b", PathStatus.HEALTHY, PathStatus.HEALTHY));
        MeshMatrix m = MeshMatrix.of(hosts, results);
        assertEquals(6, m.cells().size());
        assertEquals(PathStatus.BLACK_HOLE, m.cell("a", "b").status());
        assertFalse(m.cell("a", "b").disagree());
        assertEquals(PathStatus.PMTUD_WORKS, m.cell("b", "a").status());
        assertEquals(PathStatus.INCONCLUSIVE, m.cell("a", "c").status(), "the worse of the two ends");
        assertTrue(m.cell("a", "c").disagree());
        assertEquals(PathStatus.HEALTHY, m.cell("c", "b").status(), "c's own judgement stands when b could not be asked");
        assertTrue(m.cell("c", "b").error().contains("cannot ask b"));
        assertEquals(PathStatus.HEALTHY, m.cell("b", "c").status());
        assertFalse(m.passed(false));
        List<MeshMatrix.Cell> failing = m.failing(false);
        assertEquals(List.of("a->b", "a->c"), failing.stream().map(c -> c.from() + "->" + c.to()).toList());
        assertTrue(m.cell("b", "a").passes(false));
        assertFalse(m.cell("b", "a").passes(true), "--strict fails a PMTUD-only path");
    }

    @Test
    void aPairNeitherEndCouldCheckFailsFirst() {
        MeshMatrix m = MeshMatrix.of(List.of("a", "b"), List.of(PairResult.failed("a", "b", "no agent at a"),
                PairResult.failed("b", "a", "no agent at b")));
        assertNull(m.cell("a", "b").verdict());
        assertEquals("no agent at a; no agent at b", m.cell("a", "b").error());
        assertEquals(2, m.failing(false).size());
        assertFalse(m.passed(false));
    }
}
