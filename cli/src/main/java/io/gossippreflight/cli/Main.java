package io.gossippreflight.cli;

import picocli.CommandLine;

/** Entry point of the runnable jar: runs {@code preflight} and exits with its code. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Preflight.commandLine(args).execute(args));
    }
}
