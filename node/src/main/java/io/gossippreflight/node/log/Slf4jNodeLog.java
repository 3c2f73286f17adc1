package io.gossippreflight.node.log;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's log through SLF4J, for the node process ({@code preflight node start}), whose backend
 * (Logback: system.log's layout, rotation) the application configures. Simulations and tests
 * keep {@link WriterLog} or {@link MemoryLog}: one SLF4J backend per JVM cannot tell hundreds of
 * in-process nodes apart.
 */
public final class Slf4jNodeLog implements NodeLog {
    /** The logger every node message goes to; its level is the node's --log-level. */
    public static final String LOGGER = "io.gossippreflight.node";

    private final Logger logger;

    public Slf4jNodeLog() {
        this.logger = LoggerFactory.getLogger(LOGGER);
    }

    @Override
    public void log(Level level, String message) {
        switch (level) {
            case DEBUG -> logger.debug(message);
            case INFO -> logger.info(message);
            case WARN -> logger.warn(message);
            default -> logger.error(message);
        }
    }

    @Override
    public boolean enabled(Level level) {
        return switch (level) {
            case DEBUG -> logger.isDebugEnabled();
            case INFO -> logger.isInfoEnabled();
            case WARN -> logger.isWarnEnabled();
            case ERROR -> logger.isErrorEnabled();
        };
    }
}
