package io.gossippreflight.node.log;

import java.util.ArrayList;
import java.util.List;

/** Keeps log lines in memory (tests assert on what an operator would read). */
public final class MemoryLog implements NodeLog {
    private final Level min;
    private final List<String> lines = new ArrayList<>();

    public MemoryLog(Level min) {
        this.min = min;
    }

    @Override
    public synchronized void log(Level level, String message) {
        if (enabled(level)) {
            lines.add(level + " " + message);
        }
    }

    @Override
    public boolean enabled(Level level) {
        return level.compareTo(min) >= 0;
    }

    public synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** Lines containing {@code fragment}. */
    public synchronized List<String> grep(String fragment) {
        return lines.stream().filter(l -> l.contains(fragment)).toList();
    }
}
