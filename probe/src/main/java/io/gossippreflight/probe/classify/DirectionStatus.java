package io.gossippreflight.probe.classify;

/** The verdict on one direction of a path. */
public enum DirectionStatus {
    /** Every size up to the sender's MTU crossed. */
    HEALTHY(false),
    /** Packets above the limit draw ICMP "too big" and the sender's kernel adapts: PMTUD works. */
    ICMP_LIMIT(false),
    /** A middlebox rewrites the TCP MSS so segments fit: TCP works, other traffic may not. */
    MSS_CLAMPED(false),
    /** Packets above the limit vanish without ICMP: large gossip messages never arrive. */
    BLACK_HOLE(true),
    /** Packets of every size are lost at random: not a size limit. */
    LOSS(true),
    /** The target never connected back to our listener, though we reach it. */
    NO_CONNECTION_BACK(true),
    /** The target accepted the handshake but ignored our SYN (cluster_name or partitioner mismatch). */
    SYN_IGNORED(true),
    /** The target expects TLS (server_encryption_options). */
    TLS_EXPECTED(true),
    /** The internode handshake failed (not a gossip port, or versions we do not share). */
    HANDSHAKE_FAILED(true),
    /** Connection refused: nothing listens there. */
    REFUSED(true),
    /** No answer to TCP SYNs, or no route. */
    UNREACHABLE(true),
    /** Not probed, e.g. because an earlier step failed. */
    UNKNOWN(true);

    private final boolean problem;

    DirectionStatus(boolean problem) {
        this.problem = problem;
    }

    /** True when gossip fails (or may fail) because of it. */
    public boolean problem() {
        return problem;
    }
}
