package io.gossippreflight.cli;

/** The process exit codes every subcommand shares (docs/exit-codes.md). */
public final class ExitCode {
    /** The path is healthy, or the command did what was asked. */
    public static final int OK = 0;
    /** A path problem was diagnosed (black hole, MTU limit, loss, mismatch...). */
    public static final int PROBLEM = 1;
    /** Bad usage or bad input; the message names the argument or file and the fix. */
    public static final int USAGE = 2;
    /** The environment is missing something (root, libpcap, a tool); the message says how to get it. */
    public static final int ENVIRONMENT = 3;

    private ExitCode() {
    }
}
