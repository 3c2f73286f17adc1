package io.gossippreflight.cli;

import io.gossippreflight.cli.log.Logging;

/** Entry point of the runnable jar: runs {@code preflight} and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Logging.startEarly(); // alongside building the command line
        System.exit(Preflight.commandLine(args).execute(args));
    }
}
