package io.gossippreflight.probe.classify;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.Direction;
import java.util.List;

/** Small helpers around the shared {@link PathVerdict} for the probe's use. */
public final class Verdicts {
    private Verdicts() {
    }

    /** A verdict reached without size probing (refused, unreachable, ignored...). */
    public static PathVerdict of(Direction d, PathContext ctx, PathStatus status, String summary, List<Evidence> evidence,
            List<String> warnings) {
        return new PathVerdict(ctx.sender(d), ctx.receiver(d), status, MtuEstimate.unknown(), Confidence.HIGH, summary,
                evidence, List.of(), warnings);
    }

    /**
     * Whether a message whose largest IP packet is {@code ipSize} bytes crosses in this
     * direction: above a black hole's limit it does not; where the kernel or a clamp keeps
     * segments small it does; on other problems it is not known to.
     */
    public static boolean carries(PathVerdict v, int ipSize) {
        return switch (v.status()) {
            case HEALTHY, PMTUD_WORKS, MSS_CLAMPED -> true;
            case BLACK_HOLE -> v.mtu().lowerBound() != null && ipSize <= v.mtu().lowerBound();
            default -> false;
        };
    }

    /** An evidence fact from the probe. */
    public static Evidence fact(Evidence.Kind kind, String summary, Object... keyValues) {
        return Evidence.of(kind, "probe", null, summary, keyValues);
    }
}
