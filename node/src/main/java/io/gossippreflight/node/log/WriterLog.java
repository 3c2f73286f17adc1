package io.gossippreflight.node.log;

import io.gossippreflight.time.Clock;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

/**
 * Writes timestamped lines to one or more writers (the node's log file and stderr):
 * {@code 2025-01-01T12:00:00.000Z INFO  [198.18.1.2:7000] InetAddress 198.18.1.3:7000 is now DOWN}.
 */
public final class WriterLog implements NodeLog {
    private final Clock clock;
    private final String name;
    private final Level min;
    private final List<PrintWriter> sinks;

    public WriterLog(Clock clock, String name, Level min, List<PrintWriter> sinks) {
        this.clock = clock;
        this.name = name;
        this.min = min;
        this.sinks = List.copyOf(sinks);
    }

    @Override
    public void log(Level level, String message) {
        if (!enabled(level)) {
            return;
        }
        String line = Instant.ofEpochMilli(clock.currentTimeMillis()) + " " + String.format("%-5s", level)
                + " [" + name + "] " + message;
        synchronized (this) {
            for (PrintWriter w : sinks) {
                w.println(line);
                w.flush();
            }
        }
    }

    @Override
    public boolean enabled(Level level) {
        return level.compareTo(min) >= 0;
    }
}
