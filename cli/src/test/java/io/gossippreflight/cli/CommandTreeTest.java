package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every command of the tree must do, walked over the tree so a new command cannot skip it. */
class CommandTreeTest {
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Every command path, e.g. [node, status], the root as []. */
    static List<List<String>> commands() {
        List<List<String>> all = new ArrayList<>();
        walk(Preflight.commandLine(), new ArrayList<>(), all);
        return all;
    }

    private static void walk(CommandLine cl, List<String> path, List<List<String>> all) {
        all.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            path.add(name);
            walk(sub, path, all);
            path.remove(path.size() - 1);
        });
    }

    private static String[] with(List<String> path, String... more) {
        List<String> a = new ArrayList<>(path);
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    /** One command line for many runs (building the tree is the slow part); picocli resets options per parse. */
    private static final class Reused {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cl = Preflight.commandLine(out, err);

        Run run(String... args) {
            out.getBuffer().setLength(0);
            err.getBuffer().setLength(0);
            int code = cl.execute(args);
            return new Run(code, out.toString(), err.toString());
        }
    }

    @Test
    void everyCommandHasHelpAndVersionLongAndShort() {
        Reused reused = new Reused();
        List<List<String>> all = commands();
        assertTrue(all.size() > 20, "the whole tree: " + all);
        assertTrue(all.contains(List.of("node", "status")) && all.contains(List.of("node", "assassinate")), all.toString());
        for (List<String> c : all) {
            for (String help : new String[] {"--help", "-h"}) {
                Run r = reused.run(with(c, help));
                assertEquals(ExitCode.OK, r.code(), c + " " + help + ": " + r.err());
                assertTrue(r.out().contains("Usage: preflight " + String.join(" ", c)), c + " " + help + ": " + r.out());
                assertEquals("", r.err(), c + " " + help);
            }
            for (String version : new String[] {"--version", "-V"}) {
                Run r = reused.run(with(c, version));
                assertEquals(ExitCode.OK, r.code(), c + " " + version + ": " + r.err());
                assertTrue(r.out().startsWith("preflight "), c + " " + version + ": " + r.out());
            }
        }
    }

    @Test
    void examplesInHelpAreNeverWrapped() {
        Reused reused = new Reused();
        for (List<String> c : commands()) {
            CommandLine cl = reused.cl;
            for (String name : c) {
                cl = cl.getSubcommands().get(name);
            }
            String help = reused.run(with(c, "--help")).out();
            for (String line : cl.getCommandSpec().usageMessage().footer()) {
                if (line.startsWith("  preflight ")) {
                    line = line.replace("%%", "%"); // picocli formats footers: %% prints as %
                    assertTrue(help.contains("\n" + line + "\n") || help.endsWith("\n" + line + "\n"),
                            c + ": example printed whole: '" + line + "'\n" + help);
                }
            }
        }
        String capture = run("capture", "--help").out();
        assertTrue(capture.contains("  preflight capture --iface eth0 --filter 'tcp port 7000 or icmp' --write a.pcap "
                + "--duration 60\n"), capture);
    }

    @Test
    void misspelledCommandsAndOptionsGetASuggestionOnTheSameLine() {
        Run r = run("analyse", "x.pcap");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("did you mean analyze?"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        r = run("analyze", "--jsno", "x.pcap");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("preflight: Unknown option: '--jsno'; did you mean --json?"), r.err());
        r = run("node", "gosipinfo");
        assertTrue(r.err().contains("did you mean gossipinfo?"), r.err());
    }

    @Test
    void nodetoolsDashHForTheHostIsTurnedIntoAHint() {
        Run r = run("node", "status", "-h", "10.0.0.5");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("preflight: -h is help here, as in every preflight command: name the node with "
                + "--host 10.0.0.5"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void nodetoolsPrintPortAndResolveParseOnTheViews() {
        // -pp was read as -p with the value "p"; nothing listens on port 1, so parsing got through
        for (String[] args : new String[][] {{"node", "status", "-pp", "-r", "-p", "1"}, {"node", "gossipinfo", "-pp",
            "--resolve-ip", "-p", "1"}, {"node", "describecluster", "--print-port", "-p", "1"}}) {
            Run r = run(args);
            assertEquals(ExitCode.ENVIRONMENT, r.code(), String.join(" ", args) + ": " + r.err());
            assertTrue(r.err().contains("no node answers on 127.0.0.1:1"), r.err());
        }
        assertEquals(ExitCode.USAGE, run("node", "describecluster", "-r").code(), "nodetool has no -r there");
    }

    @Test
    void fileErrorsSayTheOperatingSystemsReason() {
        Run r = run("probe", "check", "--cassandra-yaml", "/nonexistent.yaml");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("preflight: cannot read --cassandra-yaml /nonexistent.yaml: No such file or directory\n", r.err());
        r = run("node", "start", "--config", "/");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("preflight: cannot read --config /: Is a directory\n", r.err());
        r = run("analyze", "x=");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("preflight: 'x=': no capture file after '='"), r.err());
        r = run("analyze", "--write", "/nonexistent/dir/r.pcap", "--live", "lo");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("preflight: cannot write --write /nonexistent/dir/r.pcap: /nonexistent/dir: No such file or "
                + "directory\n", r.err());
        r = run("analyze", "--junit", "/proc/version/deeper/r.xml", "a.pcap");
        assertEquals("preflight: cannot write --junit /proc/version/deeper/r.xml: /proc/version: Not a directory\n", r.err());
        r = run("capture", "-i", "lo", "-w", "/proc/version/z.pcap", "--duration", "1");
        assertEquals(ExitCode.USAGE, r.code());
        assertEquals("preflight: cannot write --write /proc/version/z.pcap: /proc/version: Not a directory\n", r.err());
    }

    @Test
    void aFileErrorNoCommandAnticipatedIsStillOneLineWithTheReason() {
        StringWriter err = new StringWriter();
        CommandLine cl = Preflight.commandLine(new StringWriter(), err);
        int code = new Failures().handleExecutionException(new java.nio.file.AccessDeniedException("/var/x.pcap"), cl,
                cl.parseArgs("lab", "list"));
        assertEquals(ExitCode.USAGE, code);
        assertEquals("preflight: /var/x.pcap: Permission denied\n", err.toString());
        err.getBuffer().setLength(0);
        code = new Failures().handleExecutionException(new IllegalStateException("while parsing\n in 'reader', line 3, "
                + "column 5:\n      - seeds: [\n        ^"), cl, cl.parseArgs("lab", "list"));
        assertFalse(err.toString().strip().contains("\n"), err.toString());
        assertTrue(err.toString().contains("line 3, column 5"), err.toString());
    }

    @Test
    void aOneOffRunBuildsOnlyTheCommandItRuns() {
        assertEquals(List.of("probe"), List.copyOf(Preflight.commandLine("probe", "check", "198.18.1.2").getSubcommands().keySet()));
        assertEquals(List.of("analyze"), List.copyOf(Preflight.commandLine("--debug", "analyze", "a.pcap").getSubcommands().keySet()));
        List<String> all = List.copyOf(Preflight.commandLine().getSubcommands().keySet());
        assertEquals(PreflightCommand.COMMANDS.size(), all.size());
        // the whole tree where it is read (man pages, completion), and where no command is named
        assertEquals(all, List.copyOf(Preflight.commandLine("man", "--dir", "x").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(Preflight.commandLine("completion").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(Preflight.commandLine("--help").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(Preflight.commandLine("prob", "check").getSubcommands().keySet()));
        assertEquals(all, List.copyOf(Preflight.commandLine().getSubcommands().keySet()));
    }
}
