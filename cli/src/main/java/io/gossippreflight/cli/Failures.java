package io.gossippreflight.cli;

import java.io.PrintWriter;
import java.nio.file.FileSystemException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

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
        if (t instanceof FileSystemException) {
            return ExitCode.USAGE; // a file or directory named on the command line that cannot be used
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
        String message = ex instanceof FileSystemException fse ? OsErrors.describe(fse)
                : ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        // one line, whatever a library put in its message (SnakeYAML's, for one, spans six)
        message = message.strip().replaceAll("\\s*\\R\\s*", " ");
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
        err.println("preflight: " + ex.getMessage() + hint(ex) + " (see '" + cl.getCommandSpec().qualifiedName()
                + " --help')");
        if (GlobalOptions.debugRequested(args)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.USAGE;
    }

    /** picocli's "did you mean", on the same line as the error. */
    static String hint(ParameterException ex) {
        if (!(ex instanceof UnmatchedArgumentException u)) {
            return "";
        }
        List<String> suggestions = u.getSuggestions();
        if (suggestions.isEmpty()) {
            return "";
        }
        return "; did you mean " + suggestions.get(0) + "?"; // the closest; the rest are mostly noise
    }

    /**
     * nodetool's {@code -h HOST} typed here: -h is help in every preflight command, and picocli
     * would print the help and drop HOST. Say so instead of pretending the command ran.
     */
    static void nodetoolHostHabit(ParseResult parseResult) {
        ParseResult pr = parseResult;
        while (pr.subcommand() != null) {
            pr = pr.subcommand();
        }
        if (!pr.isUsageHelpRequested() || pr.commandSpec().findOption("--host") == null) {
            return;
        }
        List<String> args = pr.originalArgs();
        int h = args.indexOf("-h");
        if (h >= 0 && h + 1 < args.size() && !args.get(h + 1).startsWith("-")) {
            throw new ParameterException(pr.commandSpec().commandLine(), "-h is help here, as in every preflight "
                    + "command: name the node with --host " + args.get(h + 1) + " (nodetool's -h)");
        }
    }
}
