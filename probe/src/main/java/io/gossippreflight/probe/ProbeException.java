package io.gossippreflight.probe;

/**
 * A probe failure that is not a path verdict: bad input (USAGE) or a missing capability of this
 * host (ENVIRONMENT). The message names the input or capability and says what to do.
 */
public final class ProbeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure, for the exit code. */
    public enum Kind {
        USAGE,
        ENVIRONMENT
    }

    private final Kind kind;

    public ProbeException(Kind kind, String message) {
        this(kind, message, null);
    }

    public ProbeException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static ProbeException usage(String message) {
        return new ProbeException(Kind.USAGE, message);
    }

    public static ProbeException environment(String message, Throwable cause) {
        return new ProbeException(Kind.ENVIRONMENT, message, cause);
    }
}
