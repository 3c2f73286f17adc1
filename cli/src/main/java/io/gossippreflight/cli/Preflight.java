package io.gossippreflight.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Builds the {@code preflight} command line with the project's exit-code and error handling. */
public final class Preflight {
    private Preflight() {
    }

    /** A command line writing to the process's stdout and stderr. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new PreflightCommand()));
    }

    /** A command line writing to the given writers, for tests. */
    public static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cl = commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    static CommandLine configure(CommandLine cl) {
        Failures failures = new Failures();
        cl.setExecutionExceptionHandler(failures);
        cl.setParameterExceptionHandler(failures);
        cl.setExitCodeExceptionMapper(Failures::exitCodeOf);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        return cl;
    }
}
