package io.gossippreflight.node.gossip;

import io.gossippreflight.node.NodeInputException;

/** An admin operation that cannot be done as asked (unknown host ID, target still alive...). */
public final class OperationRefusedException extends NodeInputException {
    private static final long serialVersionUID = 1L;

    public OperationRefusedException(String message) {
        super(message);
    }
}
