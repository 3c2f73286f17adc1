package io.gossippreflight.wire.netty;

/**
 * Bytes a connection may hold for a message it is still assembling from several frames. The
 * {@link MessageDecoder} reserves a message's whole size when its first frame announces it, and
 * releases it when the message completes or the connection closes; the node shares one budget per
 * peer address and one for all connections, as Cassandra's receive queue reserves do (Cassandra
 * 5.0.9 net/AbstractMessageHandler, ResourceLimits).
 */
public interface ReceiveBudget {
    /** No limit beyond the decoder's message size limit. */
    ReceiveBudget UNLIMITED = new ReceiveBudget() {
        @Override
        public void reserve(long bytes) {
        }

        @Override
        public void release(long bytes) {
        }
    };

    /** Reserves {@code bytes}, or throws {@link ReceiveLimitException} naming the limit it would exceed (nothing reserved). */
    void reserve(long bytes);

    /** Gives back bytes reserved before. */
    void release(long bytes);
}
