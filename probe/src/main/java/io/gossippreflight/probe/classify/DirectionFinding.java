package io.gossippreflight.probe.classify;

import io.gossippreflight.probe.Direction;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The classifier's conclusion for one direction.
 *
 * @param direction which way
 * @param status the verdict
 * @param mtu the exact path MTU when known (bisection, kernel PMTU or MSS clamp)
 * @param largestCrossed largest IP packet seen crossing (TCP)
 * @param smallestLost smallest IP packet lost (TCP)
 * @param udpMtu the exact PMTU from DF UDP probes, when run
 * @param lossRate share of probes lost at least once, 0..1
 * @param confidence how sure
 * @param summary one line a person can act on
 * @param notes further observations, one line each
 */
public record DirectionFinding(Direction direction, DirectionStatus status, OptionalInt mtu, OptionalInt largestCrossed,
                               OptionalInt smallestLost, OptionalInt udpMtu, double lossRate, Confidence confidence,
                               String summary, List<String> notes) {
    public DirectionFinding {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mtu, "mtu");
        Objects.requireNonNull(largestCrossed, "largestCrossed");
        Objects.requireNonNull(smallestLost, "smallestLost");
        Objects.requireNonNull(udpMtu, "udpMtu");
        Objects.requireNonNull(confidence, "confidence");
        Objects.requireNonNull(summary, "summary");
        notes = List.copyOf(notes);
    }

    /** A finding for a direction that could not be probed for size (refused, unreachable, ...). */
    public static DirectionFinding of(Direction direction, DirectionStatus status, String summary, List<String> notes) {
        return new DirectionFinding(direction, status, OptionalInt.empty(), OptionalInt.empty(), OptionalInt.empty(),
                OptionalInt.empty(), 0, Confidence.HIGH, summary, notes);
    }

    /**
     * Whether a message whose largest segment is {@code ipSize} bytes crosses this direction:
     * above the limit of a black hole it does not; where the kernel or a clamp keeps segments
     * small it does; on other problems it is not known to.
     */
    public boolean carries(int ipSize) {
        return switch (status) {
            case HEALTHY, ICMP_LIMIT, MSS_CLAMPED -> true;
            case BLACK_HOLE -> largestCrossed.isPresent() && ipSize <= largestCrossed.getAsInt();
            default -> false;
        };
    }
}
