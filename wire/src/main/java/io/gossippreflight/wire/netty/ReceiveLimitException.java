package io.gossippreflight.wire.netty;

/**
 * A peer's message would make this side hold more than a {@link ReceiveBudget} allows. The bytes
 * are well-formed; the receiver's policy refuses them, so the decoder closes the connection.
 */
public final class ReceiveLimitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ReceiveLimitException(String message) {
        super(message);
    }
}
