package io.gossippreflight.verdict;

import java.util.Objects;

/**
 * A remedy ready to paste.
 *
 * @param where   the host to run it on ("198.18.1.2", "the gateway before the 1422-byte link")
 * @param command the shell command(s)
 * @param why     one line: what it does and when to prefer it
 */
public record Fix(Kind kind, String where, String command, String why) {
    /** What a fix changes. */
    public enum Kind {
        /** Lower the interface MTU of the sender. */
        INTERFACE_MTU,
        /** Pin the MTU on the route to the peer only. */
        ROUTE_MTU_LOCK,
        /** Clamp the TCP MSS on the gateway. */
        MSS_CLAMP,
        /** Let TCP find the MTU itself after a black hole. */
        TCP_MTU_PROBING,
        /** Let ICMP frag-needed / Packet Too Big through to the sender. */
        ALLOW_ICMP,
        /** Measure what is only bracketed. */
        MEASURE,
        /** Anything else (cluster name, TLS...). */
        OTHER
    }

    public Fix {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(command, "command");
    }
}
