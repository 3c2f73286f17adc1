package io.gossippreflight.analyzer.capture;

import java.io.IOException;

/** Base of the analyzer's capture failures; the cli maps each subtype to an exit code. */
public abstract class CaptureException extends IOException {
    private static final long serialVersionUID = 1L;

    protected CaptureException(String message, Throwable cause) {
        super(message, cause);
    }
}
