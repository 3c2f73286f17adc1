package io.gossippreflight.verdict;

/**
 * The path MTU of one direction: exact, or bracketed by the largest IP packet known to cross
 * and the smallest known lost.
 *
 * @param exact            the MTU when known exactly, else null
 * @param estimate         a best single guess when not exact (plateau, clamped MSS), else null
 * @param largestDelivered largest IP packet (bytes) seen crossing, or null
 * @param smallestLost     smallest IP packet (bytes) seen lost, or null
 * @param icmpMtu          the MTU an ICMP frag-needed / Packet Too Big reported, or null
 * @param source           what the exact value (or the best estimate) rests on
 */
public record MtuEstimate(Integer exact, Integer estimate, Integer largestDelivered, Integer smallestLost, Integer icmpMtu,
        Source source) {

    /** Where an MTU value comes from. */
    public enum Source {
        /** A router's ICMP message named it. */
        ICMP,
        /** Bisection with DF probes found the exact byte. */
        BISECTION,
        /** The largest size that crossed is one below the smallest lost. */
        ADJACENT_SIZES,
        /** The kernel's learned path MTU (TCP_INFO / IP_MTU). */
        KERNEL,
        /** An ICMP without MTU: the RFC 1191 plateau below the quoted packet (an estimate). */
        PLATEAU,
        /** Implied by a clamped TCP MSS (an estimate). */
        MSS_CLAMP,
        /** Only a bracket (or nothing) is known. */
        NONE
    }

    public static MtuEstimate unknown() {
        return new MtuEstimate(null, null, null, null, null, Source.NONE);
    }

    public boolean isExact() {
        return exact != null;
    }

    /** The MTU to configure: exact, else the estimate, else the largest packet known to cross. */
    public Integer safeValue() {
        if (exact != null) {
            return exact;
        }
        if (estimate != null) {
            return estimate;
        }
        return largestDelivered;
    }

    /** Highest the MTU can be (smallest lost − 1), or null when unbounded. */
    public Integer upperBound() {
        if (exact != null) {
            return exact;
        }
        return smallestLost == null ? null : smallestLost - 1;
    }

    /** Lowest the MTU can be, or null when nothing crossed. */
    public Integer lowerBound() {
        return exact != null ? exact : largestDelivered;
    }

    /** "1422 (ICMP)", "757 ≤ MTU ≤ 4099", "≥ 1500", "unknown". */
    public String describe() {
        if (exact != null) {
            return exact + " (" + sourceText() + ")";
        }
        Integer lo = lowerBound();
        Integer hi = upperBound();
        String guess = estimate == null ? "" : ", about " + estimate + " (" + sourceText() + ")";
        if (lo != null && hi != null) {
            return lo + " <= MTU <= " + hi + guess;
        }
        if (estimate != null) {
            return "about " + estimate + " (" + sourceText() + ")";
        }
        if (lo != null) {
            return ">= " + lo;
        }
        if (hi != null) {
            return "<= " + hi;
        }
        return "unknown";
    }

    private String sourceText() {
        switch (source) {
            case ICMP: return "from ICMP";
            case BISECTION: return "measured";
            case ADJACENT_SIZES: return "largest delivered, next byte lost";
            case KERNEL: return "kernel path MTU";
            case PLATEAU: return "RFC 1191 plateau estimate";
            case MSS_CLAMP: return "implied by the clamped MSS";
            default: return "estimate";
        }
    }
}
