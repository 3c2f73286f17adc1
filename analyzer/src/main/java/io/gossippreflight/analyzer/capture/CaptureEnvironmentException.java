package io.gossippreflight.analyzer.capture;

/**
 * The machine cannot capture: libpcap missing, no permission to open an interface. The message
 * carries the remedy.
 */
public final class CaptureEnvironmentException extends CaptureException {
    private static final long serialVersionUID = 1L;

    public CaptureEnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
