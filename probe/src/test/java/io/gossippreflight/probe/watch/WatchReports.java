package io.gossippreflight.probe.watch;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.time.Duration;
import java.util.List;

/** Reports as a check would give them, for the watch's tests. */
final class WatchReports {
    /** Marks a check that cannot run (the fake path fails it). */
    static final TargetReport FAILED = report(PathStatus.INCONCLUSIVE, null);

    private WatchReports() {
    }

    static PathVerdict verdict(Direction d, PathStatus s, Integer exact) {
        MtuEstimate mtu = exact == null ? MtuEstimate.unknown()
                : new MtuEstimate(exact, null, exact, exact + 1, null, MtuEstimate.Source.BISECTION);
        String us = "198.18.2.2";
        String them = "198.18.1.2";
        return new PathVerdict(d == Direction.OUTBOUND ? us : them, d == Direction.OUTBOUND ? them : us, s, mtu,
                Confidence.HIGH, s.description(), List.of(), List.of(), List.of());
    }

    /** Both directions alike; the ladder's largest crossing message depends on the MTU. */
    static TargetReport report(PathStatus s, Integer mtu) {
        return report(s, mtu, s, mtu);
    }

    static TargetReport report(PathStatus out, Integer outMtu, PathStatus in, Integer inMtu) {
        List<ProbeRecord> probes = List.of(
                probe(Direction.OUTBOUND, 300, true), probe(Direction.OUTBOUND, 140_000, out != PathStatus.BLACK_HOLE),
                probe(Direction.INBOUND, 300, true), probe(Direction.INBOUND, 16_384, in != PathStatus.BLACK_HOLE));
        ClusterNeeds needs = new ClusterNeeds("test", 3, 16, List.of(
                new ClusterNeeds.Needed(Direction.INBOUND, "shadow-round ACK", 5_242, 9_001, in != PathStatus.BLACK_HOLE,
                        false),
                new ClusterNeeds.Needed(Direction.OUTBOUND, "SYN", 700, 752, true, false)));
        return new TargetReport("198.18.1.2:7000", TargetKind.RESPONDER, 12, 0.5, "198.18.2.2",
                verdict(Direction.OUTBOUND, out, outMtu), verdict(Direction.INBOUND, in, inMtu), needs,
                new long[] {10, 10}, 1200, 0, List.of(), probes);
    }

    private static ProbeRecord probe(Direction d, int bytes, boolean crossed) {
        return new ProbeRecord(d, ProbeKind.LADDER, "SYN", bytes, Math.min(bytes + 52, 9001),
                crossed ? ProbeOutcome.CROSSED : ProbeOutcome.LOST, Duration.ofMillis(3), 0, bytes < 1400);
    }
}
