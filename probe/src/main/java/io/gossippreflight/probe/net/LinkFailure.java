package io.gossippreflight.probe.net;

/** Why a connection to a gossip port did not get as far as messages. */
public final class LinkFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** The ways a connection fails, each its own verdict. */
    public enum Kind {
        /** RST or ICMP port unreachable: nothing listens. */
        REFUSED,
        /** No SYN-ACK within the connect timeout, or no route. */
        UNREACHABLE,
        /** Connected, then closed before answering our Initiate. */
        CLOSED_IN_HANDSHAKE,
        /** Connected, no answer to our Initiate within the timeout. */
        HANDSHAKE_TIMEOUT,
        /** Answered with bytes that are not an Accept (TLS, another protocol, another version). */
        HANDSHAKE_REJECTED,
        /** Our TLS handshake failed for a reason TLS names ({@link #tls()}): certificates, protocols, a plain peer. */
        TLS_FAILED,
        /** The peer's TLS answer did not arrive whole (part of it or none) before the timeout (its larger segments lost?). */
        TLS_STALLED,
        /**
         * Our side of TLS completed, then no answer to our Initiate: the peer may never have got our
         * last TLS flight (our certificate, when it requires one: our larger segments lost?).
         */
        TLS_UNANSWERED
    }

    private final Kind kind;
    private final byte[] firstBytes;
    private final io.gossippreflight.probe.net.tls.TlsFailure tls;

    public LinkFailure(Kind kind, String message, byte[] firstBytes, Throwable cause) {
        this(kind, message, firstBytes, cause, null);
    }

    public LinkFailure(Kind kind, String message, byte[] firstBytes, Throwable cause,
            io.gossippreflight.probe.net.tls.TlsFailure tls) {
        super(message, cause);
        this.kind = kind;
        this.firstBytes = firstBytes == null ? new byte[0] : firstBytes.clone();
        this.tls = tls;
    }

    /** What TLS said, for {@link Kind#TLS_FAILED}; else null. */
    public io.gossippreflight.probe.net.tls.TlsFailure tls() {
        return tls;
    }

    public Kind kind() {
        return kind;
    }

    /** The first bytes the peer sent, if any (to recognise a TLS record). */
    public byte[] firstBytes() {
        return firstBytes.clone();
    }

    /** The peer answered with a TLS record (content type 20-23, major version 3). */
    public boolean looksLikeTls() {
        return firstBytes.length >= 2 && firstBytes[0] >= 20 && firstBytes[0] <= 23 && firstBytes[1] == 3;
    }
}
