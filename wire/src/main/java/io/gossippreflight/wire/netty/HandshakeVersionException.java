package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.WireFormatException;

/**
 * The two sides of a handshake share no messaging version. Carries the version the peer named,
 * so a caller can reconnect as Cassandra does (a 4.0+ node retries a 3.x peer with the pre-4.0
 * handshake at the version the peer answered; Cassandra 4.1.10 net/OutboundConnectionInitiator.java).
 */
public final class HandshakeVersionException extends WireFormatException {
    private static final long serialVersionUID = 1L;

    private final int peerVersion;

    public HandshakeVersionException(String reason, int peerVersion, long offset) {
        super(reason, offset);
        this.peerVersion = peerVersion;
    }

    /** The messaging version the peer asked for or answered with (its maximum where it said one). */
    public int peerVersion() {
        return peerVersion;
    }
}
