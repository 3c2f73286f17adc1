package io.gossippreflight.verdict;

/**
 * What is wrong (or right) with one direction of a path. Shared by the analyzer (from
 * captures) and the probe (from live exchanges).
 */
public enum PathStatus {
    /** Every message crossed; no size limit below what was sent. */
    HEALTHY(false, "healthy"),
    /** A smaller MTU exists, the router said so (ICMP frag-needed / Packet Too Big) and the sender adapted. */
    PMTUD_WORKS(false, "smaller MTU, signalled by ICMP; PMTUD works"),
    /** A middlebox rewrites the TCP MSS: TCP fits, but the limit is hidden from anything else. */
    MSS_CLAMPED(false, "MSS clamped by a middlebox"),
    /** Packets above a size vanish and no ICMP reaches the sender. */
    BLACK_HOLE(true, "MTU black hole"),
    /** Packets of every size are lost: loss, not an MTU problem. */
    RANDOM_LOSS(true, "packet loss (not size-related)"),
    /** Connection attempts get no answer at all. */
    UNREACHABLE(true, "unreachable"),
    /** Connection attempts are refused (RST / ICMP port unreachable). */
    REFUSED(true, "connection refused"),
    /** The network delivers but the peer ignores us: cluster name or partitioner differ. */
    MISMATCH(true, "gossip ignored (cluster name or partitioner mismatch)"),
    /** The port accepts TCP but does not speak Cassandra's internode protocol (or no common version). */
    NOT_GOSSIP(true, "not a Cassandra internode port"),
    /** The peer expects TLS on this port. */
    TLS_EXPECTED(true, "peer expects TLS"),
    /**
     * Our TLS handshake with the peer failed for a reason TLS names (an untrusted certificate, a
     * client certificate required, no protocol or cipher in common, a plain peer): configuration, not the path.
     */
    TLS_FAILED(true, "TLS handshake refused"),
    /** Not enough evidence to say. */
    INCONCLUSIVE(false, "inconclusive");

    private final boolean problem;
    private final String description;

    PathStatus(boolean problem, String description) {
        this.problem = problem;
        this.description = description;
    }

    /** True when this status should fail a check (exit code 1). */
    public boolean isProblem() {
        return problem;
    }

    /** True when the path works but deserves a warning (PMTUD relied upon, MSS clamping). */
    public boolean isWarning() {
        return this == PMTUD_WORKS || this == MSS_CLAMPED;
    }

    public String description() {
        return description;
    }
}
