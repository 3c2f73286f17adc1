package io.gossippreflight.probe.classify;

import java.util.Objects;

/**
 * A fix ready to paste.
 *
 * @param host where to run it (an address, "this host" or "the target")
 * @param command the shell command
 * @param why what it changes, in a few words
 */
public record Fix(String host, String command, String why) {
    public Fix {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(why, "why");
    }
}
