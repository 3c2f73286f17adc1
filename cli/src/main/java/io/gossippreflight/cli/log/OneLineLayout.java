package io.gossippreflight.cli.log;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.util.HashMap;
import java.util.Map;

/**
 * A pattern layout whose lines stay one line: a throwable becomes "(Type: message; cause ...)"
 * at the end of its line instead of a stack trace in the middle of a report. For stderr; the
 * node's log file keeps whole stack traces.
 */
final class OneLineLayout extends LayoutBase<ILoggingEvent> {
    /** Lines of one kind shown before the rest are left out (one-off commands). */
    static final int SHOWN_REPEATS = 3;
    private static final int KEY_CHARS = 48;
    private static final int MAX_KEYS = 1000;

    private final PatternLayout pattern = new PatternLayout();
    private final boolean cutRepeats;
    private final Map<String, Integer> seen = new HashMap<>();

    /**
     * @param cutRepeats show a message of one kind (same logger, same first 48 characters) three
     *                   times, then no more: a library warning per connection (Netty's, when a socket
     *                   option fails) ran to thousands of lines in the middle of a report. Netty formats
     *                   its messages before SLF4J sees them, so Logback's DuplicateMessageFilter, which
     *                   compares message formats, does not catch them.
     */
    OneLineLayout(String pattern, boolean cutRepeats) {
        this.pattern.setPattern(pattern + "%nopex");
        this.cutRepeats = cutRepeats;
    }

    @Override
    public void start() {
        pattern.setContext(getContext());
        pattern.start();
        super.start();
    }

    @Override
    public void stop() {
        pattern.stop();
        super.stop();
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        String suffix = "";
        if (cutRepeats) {
            int n = count(event);
            if (n > SHOWN_REPEATS) {
                return "";
            }
            suffix = n == SHOWN_REPEATS ? " [repeated; further repeats not shown]" : "";
        }
        return line(event) + suffix + System.lineSeparator();
    }

    private synchronized int count(ILoggingEvent event) {
        String m = String.valueOf(event.getFormattedMessage());
        String key = event.getLoggerName() + '|' + m.substring(0, Math.min(KEY_CHARS, m.length()));
        if (seen.size() >= MAX_KEYS && !seen.containsKey(key)) {
            seen.clear(); // bounded: forgetting old kinds only lets them be shown again
        }
        return seen.merge(key, 1, Integer::sum);
    }

    private String line(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(pattern.doLayout(event).stripTrailing().replaceAll("\\s*\\R\\s*", " "));
        IThrowableProxy t = event.getThrowableProxy();
        for (int depth = 0; t != null && depth < 3; depth++, t = t.getCause()) {
            line.append(depth == 0 ? " (" : "; cause ").append(simpleName(t.getClassName()));
            if (t.getMessage() != null) {
                line.append(": ").append(t.getMessage().strip().replaceAll("\\s*\\R\\s*", " "));
            }
        }
        if (event.getThrowableProxy() != null) {
            line.append(')');
        }
        return line.toString();
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
