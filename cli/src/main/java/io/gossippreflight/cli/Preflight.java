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

    /** The whole command line, writing to the process's stdout and stderr; it sets up the process's logging. */
    public static CommandLine commandLine() {
        return configure(tree(c -> true), true);
    }

    /**
     * As {@link #commandLine()}, for running {@code args} once: only the command they name is built
     * (picocli's model of all of them costs about a tenth of a second of every start). Without a
     * command word, with one that names no command (picocli then suggests one), and for the commands
     * that read the whole tree (man, completion), everything is built.
     */
    public static CommandLine commandLine(String... args) {
        Class<?> named = null;
        for (String a : args) {
            if (!a.startsWith("-")) {
                named = PreflightCommand.COMMANDS.stream().filter(c -> names(c).contains(a)).findFirst().orElse(null);
                break;
            }
        }
        Class<?> only = named == null || PreflightCommand.NEED_THE_WHOLE_TREE.contains(named) ? null : named;
        return configure(tree(c -> only == null || c == only), true);
    }

    /** A command line writing to the given writers, for tests; logging is left as it is. */
    public static CommandLine commandLine(StringWriter out, StringWriter err) {
        CommandLine cl = configure(tree(c -> true), false);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl;
    }

    /** The root with those of its commands {@code which} accepts, in help's order. */
    static CommandLine tree(java.util.function.Predicate<Class<?>> which) {
        CommandLine cl = new CommandLine(new PreflightCommand());
        for (Class<?> c : PreflightCommand.COMMANDS) {
            if (which.test(c)) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    /** A command class's name and aliases, from its annotation. */
    static List<String> names(Class<?> command) {
        CommandLine.Command c = command.getAnnotation(CommandLine.Command.class);
        List<String> names = new ArrayList<>(List.of(c.aliases()));
        names.add(c.name());
        return names;
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
