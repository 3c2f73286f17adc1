package io.gossippreflight.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns failures into exit codes and one-line messages.
 * Stack traces are printed only with {@code --debug}.
 */
final class Failures implements IExecutionExceptionHandler, IParameterExceptionHandler {

    /** The exit code for an exception escaping a command. */
    static int exitCodeOf(Throwable t) {
        if (t instanceof PreflightException pe) {
            return pe.exitCode();
        }
        if (t instanceof ParameterException) {
            return ExitCode.USAGE;
        }
        Integer mapped = ModuleFailures.exitCodeOf(t);
        if (mapped != null) {
            return mapped;
        }
        // Anything unexpected is a bug or an environment failure; 3 tells CI "not a path verdict".
        return ExitCode.ENVIRONMENT;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        int code = exitCodeOf(ex);
        boolean known = code != ExitCode.ENVIRONMENT || ex instanceof PreflightException
                || ModuleFailures.exitCodeOf(ex) != null;
        err.println("preflight: " + (known ? message : "unexpected " + ex.getClass().getName() + ": " + message
                + " (re-run with --debug for the stack trace)"));
        if (GlobalOptions.debug(parseResult)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("preflight: " + ex.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        if (GlobalOptions.debugRequested(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }
}
