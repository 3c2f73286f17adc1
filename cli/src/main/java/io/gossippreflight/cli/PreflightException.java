package io.gossippreflight.cli;

/**
 * A failure that ends a command with a one-line message and a chosen exit code.
 * The message must name the argument or input and say what to do.
 */
public class PreflightException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public PreflightException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    public PreflightException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    public static PreflightException usage(String message) {
        return new PreflightException(ExitCode.USAGE, message);
    }

    public static PreflightException environment(String message) {
        return new PreflightException(ExitCode.ENVIRONMENT, message);
    }
}
