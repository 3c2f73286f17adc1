package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a check on a simulated network until it is done, and keeps what a failing assertion should show. */
final class SimCheck {
    /** Longest simulated time any check may take here. */
    static final Duration LIMIT = Duration.ofMinutes(5);

    /**
     * @param report the target's report
     * @param took simulated time from the start of the check until its report
     * @param progress the check's progress lines
     */
    record Run(TargetReport report, Duration took, List<String> progress, List<String> targetLog) {
        /** Everything a failed assertion should show. */
        String context() {
            return report.outbound() + "\n" + report.inbound() + "\n--- progress:\n" + String.join("\n", progress)
                    + "\n--- target:\n" + String.join("\n", targetLog);
        }

        /** When the limit of {@code outbound} (0) or inbound (1) was pinned, from the check's start. */
        long exactMillis(int direction) {
            return report.exactMillis()[direction];
        }
    }

    private SimCheck() {
    }

    static Run run(SimProbeNetwork net, CheckOptions options) {
        List<String> progress = new ArrayList<>();
        CompletableFuture<List<TargetReport>> f = Checker.check(List.of(net.targetAddress()), options, progress::add, net);
        Duration took = net.time().advanceUntil(f::isDone, LIMIT, Duration.ofMillis(1));
        List<TargetReport> reports = f.join();
        return new Run(reports.get(0), took, progress, net.target().log());
    }

    static Run run(SimProbeNetwork net) {
        return run(net, CheckOptions.defaults());
    }
}
