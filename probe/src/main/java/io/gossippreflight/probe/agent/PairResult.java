package io.gossippreflight.probe.agent;

import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.List;

/**
 * What one agent found about one target: the two directions between them, as its check judged
 * them, or why it could not check.
 *
 * @param agent the agent's host as the mesh lists it ("198.18.1.2:7000")
 * @param target the target as asked
 * @param kind what answered at the target (RESPONDER, CASSANDRA), or null
 * @param outbound agent → target, or null when {@code error}
 * @param inbound target → agent, or null when {@code error}
 * @param elapsedMillis how long the check of this target took
 * @param error why there is no verdict (the agent refused or could not be reached), else null
 */
public record PairResult(String agent, String target, String kind, PathVerdict outbound, PathVerdict inbound,
                         long elapsedMillis, String error) {

    static PairResult of(String agent, TargetReport r) {
        return new PairResult(agent, r.target(), r.kind() == null ? null : r.kind().name(), r.outbound(), r.inbound(),
                r.elapsedMillis(), null);
    }

    static PairResult failed(String agent, String target, String error) {
        return new PairResult(agent, target, null, null, null, 0, error);
    }

    /** As {@link TargetReport#passed(boolean)}: a problem or an unjudged direction fails; with strict, a warning too. */
    public static boolean passes(PathVerdict v, boolean strict) {
        if (v == null) {
            return false;
        }
        PathStatus s = v.status();
        return !s.isProblem() && s != PathStatus.INCONCLUSIVE && !(strict && s.isWarning());
    }

    public List<PathVerdict> verdicts() {
        return outbound == null ? List.of() : List.of(outbound, inbound);
    }
}
