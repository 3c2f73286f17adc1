package io.gossippreflight.wire.netty;

/**
 * This side refused a peer's Initiate before answering it (a plain connection from a peer that must
 * use TLS, as Cassandra 5.0.9 InboundConnectionInitiator does): the channel is closed unanswered.
 */
public final class HandshakeRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HandshakeRefusedException(String message) {
        super(message);
    }
}
