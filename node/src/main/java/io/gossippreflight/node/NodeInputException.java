package io.gossippreflight.node;

/**
 * Bad input to the node: a config file, a persisted file or an argument that cannot be used.
 * The message names the input and says what to do (the cli maps this to exit code 2).
 */
public class NodeInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeInputException(String message) {
        super(message);
    }

    public NodeInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
