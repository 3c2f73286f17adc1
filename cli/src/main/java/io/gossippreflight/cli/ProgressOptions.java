package io.gossippreflight.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** -q/--quiet and --no-progress, for the commands that talk on stderr while they work. */
final class ProgressOptions {
    @Option(names = {"-q", "--quiet"}, description = "Nothing on stderr but warnings and errors: no progress, no notes.")
    boolean quiet;

    @Option(names = "--no-progress", description = "No progress bar or progress lines (they show only when stderr is a "
            + "terminal anyway).")
    boolean noProgress;

    /** Notes and progress lines ("capturing on lo..."), unless --quiet. */
    void note(PrintWriter err, String line) {
        if (!quiet) {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        }
    }

    /** Progress lines (one per step, for logs and pipes), unless --quiet or --no-progress. */
    boolean progressLines() {
        return !quiet && !noProgress;
    }

    /** A progress bar redrawn on stderr, when stderr is a terminal and neither option says no. */
    Progress bar(PrintWriter err, Supplier<String> status) {
        return Progress.start(err, progressLines() && Progress.stderrIsTerminal(), status);
    }
}
