package io.gossippreflight.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import io.gossippreflight.cli.log.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;

/** Builds the {@code preflight} command line with the project's exit-code and error handling. */
public final class Preflight {
    private Preflight() {
    }

    /** A command line writing to the process's stdout and stderr; it sets up the process's logging. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new PreflightCommand()), true);
    }

    /** A command line writing to the given writers, for tests; logging is left as it is. */
    public static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cl = configure(new CommandLine(new PreflightCommand()), false);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    static CommandLine configure(CommandLine cl, boolean processLogging) {
        Failures failures = new Failures();
        everyCommand(cl);
        cl.setExecutionExceptionHandler(failures);
        cl.setParameterExceptionHandler(failures);
        cl.setExitCodeExceptionMapper(Failures::exitCodeOf);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionStrategy(parseResult -> {
            Failures.nodetoolHostHabit(parseResult);
            if (processLogging) {
                Logging.oneOff(cl.getErr(), GlobalOptions.debug(parseResult));
            }
            return new CommandLine.RunLast().execute(parseResult);
        });
        return cl;
    }

    /**
     * What every command and subcommand gets, whatever its annotation says: -h/--help and
     * -V/--version, and a footer whose indented lines (examples) are never wrapped.
     */
    private static void everyCommand(CommandLine cl) {
        CommandSpec spec = cl.getCommandSpec();
        if (!spec.mixinStandardHelpOptions()) {
            spec.mixinStandardHelpOptions(true);
        }
        if (spec.versionProvider() == null) {
            spec.versionProvider(new VersionProvider());
        }
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, Preflight::footer);
        for (CommandLine sub : cl.getSubcommands().values()) {
            everyCommand(sub);
        }
    }

    /** Footer lines starting with a space are examples: printed as written, so they paste; the rest wraps. */
    static String footer(Help help) {
        int width = help.commandSpec().usageMessage().width();
        StringBuilder sb = new StringBuilder();
        for (String line : help.commandSpec().usageMessage().footer()) {
            for (String l : line.replace("%n", "\n").replace("%%", "%").split("\n", -1)) {
                if (l.startsWith(" ")) {
                    sb.append(l).append('\n');
                } else {
                    wrap(l, width, sb);
                }
            }
        }
        return sb.toString();
    }

    private static void wrap(String text, int width, StringBuilder sb) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        lines.forEach(l -> sb.append(l).append('\n'));
    }
}
