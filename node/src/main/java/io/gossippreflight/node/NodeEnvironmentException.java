package io.gossippreflight.node;

/**
 * The environment stops the node: a port already in use, a data directory that cannot be
 * written, no node answering on the admin port. The message says the remedy (exit code 3).
 */
public class NodeEnvironmentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeEnvironmentException(String message) {
        super(message);
    }

    public NodeEnvironmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
