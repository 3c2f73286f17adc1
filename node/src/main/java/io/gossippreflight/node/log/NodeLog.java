package io.gossippreflight.node.log;

/**
 * Where a node writes what an operator follows: nodes up/down, state changes, convictions with
 * their phi. One instance per node (no global logger), so a simulation can hold hundreds.
 */
public interface NodeLog {
    enum Level {
        DEBUG, INFO, WARN, ERROR
    }

    /** Discards everything (large simulations). */
    NodeLog NONE = new NodeLog() {
        @Override
        public void log(Level level, String message) {
        }

        @Override
        public boolean enabled(Level level) {
            return false;
        }
    };

    void log(Level level, String message);

    /** Lets callers skip building messages nobody will read. */
    boolean enabled(Level level);

    default void debug(String message) {
        if (enabled(Level.DEBUG)) {
            log(Level.DEBUG, message);
        }
    }

    default void info(String message) {
        log(Level.INFO, message);
    }

    default void warn(String message) {
        log(Level.WARN, message);
    }

    default void error(String message) {
        log(Level.ERROR, message);
    }
}
