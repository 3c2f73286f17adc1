package io.gossippreflight.probe.check;

/** What answers at the target, which decides what the checker may send it. */
public enum TargetKind {
    /** Decide from the ECHO answer: our responder marks its answers; anything else is a real node. */
    AUTO,
    /** A real Cassandra node (or our own node): only messages that leave its gossip state unchanged. */
    CASSANDRA,
    /** Our responder ({@code preflight probe serve}): anything goes, ACK2 included. */
    RESPONDER
}
