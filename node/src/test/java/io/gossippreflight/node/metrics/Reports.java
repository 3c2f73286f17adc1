package io.gossippreflight.node.metrics;

import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.List;

/** Pre-flight reports as the probe gives them, for the metrics' tests. */
final class Reports {
    private Reports() {
    }

    static TargetReport blackHole(String seed) {
        MtuEstimate mtu = new MtuEstimate(1422, null, 1422, 1423, null, MtuEstimate.Source.BISECTION);
        PathVerdict out = new PathVerdict("198.18.2.2", "198.18.1.3", PathStatus.BLACK_HOLE, mtu, Confidence.HIGH,
                "black hole", List.of(), List.of(), List.of());
        PathVerdict in = new PathVerdict("198.18.1.3", "198.18.2.2", PathStatus.PMTUD_WORKS, mtu, Confidence.HIGH,
                "pmtud", List.of(), List.of(), List.of());
        return new TargetReport(seed, TargetKind.CASSANDRA, 12, 0.4, "198.18.2.2", out, in, null, new long[] {1, 1}, 900,
                0, List.of(), List.of());
    }
}
