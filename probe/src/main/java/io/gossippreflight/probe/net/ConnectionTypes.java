package io.gossippreflight.probe.net;

import io.gossippreflight.wire.handshake.ConnectionType;

/** Which connection a message travels on, as Cassandra chooses it. */
public final class ConnectionTypes {
    /**
     * Messages above this go on the large-message connection (Cassandra 5.0.9
     * net/OutboundConnections.java: LARGE_MESSAGE_THRESHOLD = 64 KiB − 21, the framing overhead).
     */
    public static final int LARGE_MESSAGE_THRESHOLD = 65_536 - 21;

    private ConnectionTypes() {
    }

    /** Gossip verbs are urgent (priority P0) unless too large. */
    public static ConnectionType forGossip(int messageBytes) {
        return messageBytes > LARGE_MESSAGE_THRESHOLD ? ConnectionType.LARGE_MESSAGES : ConnectionType.URGENT_MESSAGES;
    }
}
