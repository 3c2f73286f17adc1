package io.gossippreflight.wire.netty;

import java.time.Duration;

/**
 * A handshake handler waited longer than its timeout for the peer's next handshake step. The
 * channel is closed when this is fired. Not a format error: the peer (or the path to it) went
 * silent, so callers treat it as a path problem rather than bad input.
 */
public final class HandshakeTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String peer;
    private final String awaited;
    private final Duration timeout;
    private final int receivedBytes;

    public HandshakeTimeoutException(String peer, String awaited, Duration timeout, int receivedBytes) {
        super("internode handshake with " + peer + " timed out after " + timeout.toMillis() + " ms waiting for "
                + awaited + (receivedBytes > 0 ? " (" + receivedBytes + " bytes of it received)" : " (nothing received)"));
        this.peer = peer;
        this.awaited = awaited;
        this.timeout = timeout;
        this.receivedBytes = receivedBytes;
    }

    /** The peer as the channel knows it (remote address, plus its advertised address when known). */
    public String peer() {
        return peer;
    }

    /** The handshake step that did not arrive, e.g. "the Accept (12 bytes)". */
    public String awaited() {
        return awaited;
    }

    public Duration timeout() {
        return timeout;
    }

    /** Bytes of the awaited step that had arrived when the timeout fired. */
    public int receivedBytes() {
        return receivedBytes;
    }
}
