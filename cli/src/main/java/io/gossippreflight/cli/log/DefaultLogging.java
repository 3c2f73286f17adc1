package io.gossippreflight.cli.log;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration before a command sets its own (found through META-INF/services):
 * warnings on stderr, one line each. Without it Logback would log DEBUG to stdout, into reports.
 * Steps aside when the user names a configuration file.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (Logging.userConfigured()) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        Logging.defaults(context);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
