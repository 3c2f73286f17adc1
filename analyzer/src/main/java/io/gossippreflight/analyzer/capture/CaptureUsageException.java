package io.gossippreflight.analyzer.capture;

/** A capture request that cannot work as given: unknown interface, bad BPF filter, unreadable file. */
public final class CaptureUsageException extends CaptureException {
    private static final long serialVersionUID = 1L;

    public CaptureUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
