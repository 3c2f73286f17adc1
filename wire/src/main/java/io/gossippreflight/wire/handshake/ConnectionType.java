package io.gossippreflight.wire.handshake;

/**
 * The kind of connection an Initiate opens (Cassandra 5.0.9 net/ConnectionType.java). Messaging
 * types travel in the two low flag bits; streaming has its own flag bit.
 */
public enum ConnectionType {
    /** Type bits 0: a pre-4.0 peer, one connection for everything. */
    LEGACY_MESSAGES(0),
    /** Gossip, echo and other priority-0 verbs. */
    URGENT_MESSAGES(1),
    SMALL_MESSAGES(2),
    /** Messages above the large-message threshold (65,515 bytes). */
    LARGE_MESSAGES(3),
    STREAMING(4);

    private final int id;

    ConnectionType(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public boolean isStreaming() {
        return this == STREAMING;
    }

    static ConnectionType fromTwoBits(int bits) {
        return values()[bits & 3];
    }
}
