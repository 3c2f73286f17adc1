package io.gossippreflight.verdict;

/**
 * The one order in which the facts about a direction are judged, by the analyzer (captures)
 * and the probe (live exchanges) alike. The order is the point. Loss is sorted out before any of
 * it: the facts count as a size limit only packets lost above every size that crossed, so loss
 * never passes for an MTU. Then the limit, from the strongest evidence down: ICMP, when there is
 * any, says whether PMTUD works or the signal is lost; a rewritten MSS explains why TCP never met
 * the limit; clean losses above a size are a silent black hole. Only a path with no limit is
 * judged on its loss; next to a limit, loss is a warning on that limit's verdict — the MTU is
 * what a user must act on, and it must not come and go with how many packets a lossy path
 * happened to drop. Healthy needs something to have crossed and nothing that could hide a loss.
 * Pure: same facts, same finding.
 */
public final class RuleOrder {
    private RuleOrder() {
    }

    /** What became of the attempts to connect in this direction. */
    public enum Connectivity {
        /** A connection was made (or connections are not this judge's business, as in the probe). */
        CONNECTED,
        /** Every attempt got a reset (RST / port unreachable). */
        REFUSED,
        /** Every attempt went unanswered. */
        UNANSWERED
    }

    /** What the ICMP "too big" messages about this direction show. */
    public enum Icmp {
        /** None seen, none learned. */
        NONE,
        /** It reached the sender (or its kernel learned the MTU), or nothing shows it did not. */
        OBEYED,
        /** Seen on the way, never at the sender: dropped between the router and the sender. */
        NOT_DELIVERED,
        /** Reached the sender, which kept sending packets too big. */
        IGNORED,
        /**
         * Too-big messages to the sender were seen but cannot be read (a snap length cut them before
         * the packet they quote): whether PMTUD works cannot be told.
         */
        UNREADABLE
    }

    /**
     * Facts about one direction, in terms both judges can state.
     *
     * @param connectivity  what the connection attempts met
     * @param lossNotSize   packets no bigger than ones that crossed were lost beyond noise, or bytes
     *                      lost at such sizes never arrived: loss, not a size limit
     * @param icmp          the ICMP too-big evidence
     * @param mssRewritten  a middlebox rewrote the MSS of a SYN on the way
     * @param lostAboveSize packets bigger than anything that crossed were lost (or nothing crossed)
     * @param crossed       something crossed
     * @param lossHidden    a loss could hide from these observations (packets still in flight when
     *                      the capture ended, or loss before the first point that saw the traffic):
     *                      healthy cannot be claimed
     */
    public record Facts(Connectivity connectivity, boolean lossNotSize, Icmp icmp, boolean mssRewritten,
            boolean lostAboveSize, boolean crossed, boolean lossHidden) {
        public Facts {
            java.util.Objects.requireNonNull(connectivity, "connectivity");
            java.util.Objects.requireNonNull(icmp, "icmp");
        }
    }

    /** The finding of the first rule that holds, finer than {@link PathStatus} so texts can differ. */
    public enum Finding {
        REFUSED(PathStatus.REFUSED),
        UNREACHABLE(PathStatus.UNREACHABLE),
        RANDOM_LOSS(PathStatus.RANDOM_LOSS),
        ICMP_NOT_DELIVERED(PathStatus.BLACK_HOLE),
        ICMP_IGNORED(PathStatus.BLACK_HOLE),
        /** Big packets lost, and ICMP about them that cannot be read: a black hole cannot be claimed. */
        ICMP_UNREADABLE(PathStatus.INCONCLUSIVE),
        PMTUD_WORKS(PathStatus.PMTUD_WORKS),
        MSS_CLAMPED(PathStatus.MSS_CLAMPED),
        SILENT_BLACK_HOLE(PathStatus.BLACK_HOLE),
        HEALTHY(PathStatus.HEALTHY),
        INCONCLUSIVE(PathStatus.INCONCLUSIVE);

        private final PathStatus status;

        Finding(PathStatus status) {
            this.status = status;
        }

        public PathStatus status() {
            return status;
        }
    }

    /** The rules, in order: connectivity, ICMP / PMTUD, MSS clamp, black hole, loss, healthy. */
    public static Finding judge(Facts f) {
        if (!f.crossed() && f.connectivity() == Connectivity.REFUSED) {
            return Finding.REFUSED;
        }
        if (!f.crossed() && f.connectivity() == Connectivity.UNANSWERED) {
            return Finding.UNREACHABLE;
        }
        switch (f.icmp()) {
            case NOT_DELIVERED:
                return Finding.ICMP_NOT_DELIVERED;
            case IGNORED:
                return Finding.ICMP_IGNORED;
            case OBEYED:
                return Finding.PMTUD_WORKS;
            case UNREADABLE:
                if (f.lostAboveSize()) {
                    return Finding.ICMP_UNREADABLE;
                }
                break;
            default:
                break;
        }
        if (f.mssRewritten()) {
            return Finding.MSS_CLAMPED;
        }
        if (f.lostAboveSize()) {
            return Finding.SILENT_BLACK_HOLE;
        }
        if (f.lossNotSize()) {
            return Finding.RANDOM_LOSS;
        }
        if (f.crossed() && !f.lossHidden()) {
            return Finding.HEALTHY;
        }
        return Finding.INCONCLUSIVE;
    }

    /**
     * True for the problems that fail a check whatever sizes today's gossip needs: a silent black
     * hole, and a direction that cannot connect at all (a one-way path). Schema pulls, mutations
     * and streams cross the same path and grow; "today's messages fit" does not pass them. Other
     * problems (loss, a peer that ignores us) may be weighed against what the cluster needs.
     */
    public static boolean failsWhateverSizes(PathStatus status) {
        return status == PathStatus.BLACK_HOLE || status == PathStatus.UNREACHABLE || status == PathStatus.REFUSED;
    }
}
