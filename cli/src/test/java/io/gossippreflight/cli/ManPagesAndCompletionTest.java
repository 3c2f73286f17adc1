package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Man pages and completion come from the command tree: every command has both. */
class ManPagesAndCompletionTest {
    @Test
    void everyVisibleCommandGetsAManPageWithItsOptions(@TempDir Path dir) throws Exception {
        CommandTreeTest.Run r = CommandTreeTest.run("man", "--dir", dir.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        List<List<String>> commands = CommandTreeTest.commands().stream().filter(c -> !c.contains("man")).toList();
        for (List<String> c : commands) {
            Path page = dir.resolve(String.join("-", prepend("preflight", c)) + ".1");
            assertTrue(Files.exists(page), page + " for " + c);
        }
        assertEquals(commands.size(), Files.list(dir).count(), "one page per command, the hidden 'man' left out");
        String status = Files.readString(dir.resolve("preflight-node-status.1"));
        assertTrue(status.startsWith(".TH \"PREFLIGHT-NODE-STATUS\" \"1\""), status);
        assertTrue(status.contains("\\fB\\-pp\\fR, \\fB\\-\\-print\\-port\\fR"), status);
        assertTrue(status.contains("\\fB\\-\\-host\\fR=\\fIHOST\\fR"), status);
        String capture = Files.readString(dir.resolve("preflight-capture.1"));
        assertTrue(capture.contains(".nf\n  preflight capture \\-\\-iface eth0 \\-\\-filter 'tcp port 7000 or icmp' \\-\\-write "
                + "a.pcap \\-\\-duration 60\n"), "examples verbatim:\n" + capture);
        // man renders it without complaint, where man is installed
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "no man here");
        Process p = new ProcessBuilder("man", "-l", dir.resolve("preflight-probe-check.1").toString())
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), text);
        assertTrue(text.contains("--cassandra-yaml=FILE") || text.contains("‐‐cassandra‐yaml=FILE"), text);
    }

    private static List<String> prepend(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }

    @Test
    void completionCompletesSubcommandsAndOptionsInBash(@TempDir Path dir) throws Exception {
        CommandTreeTest.Run r = CommandTreeTest.run("completion", "bash");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(r.out(), CommandTreeTest.run("completion", "zsh").out(), "one script; it loads bashcompinit in zsh");
        assertTrue(r.out().contains("bashcompinit"), "zsh support in the script");
        Path script = dir.resolve("preflight.bash");
        Files.writeString(script, r.out());
        assertEquals("start status", complete(script, "preflight node st"));
        assertEquals("--print-port", complete(script, "preflight node status --print"));
        assertTrue(complete(script, "preflight lab up vpn-b").contains("vpn-blackhole"));
        assertEquals(ExitCode.USAGE, CommandTreeTest.run("completion", "fish").code());
    }

    private static String complete(Path script, String line) throws Exception {
        String words = line.endsWith(" ") ? line + "''" : line;
        // compopt works only inside a completion bash itself started: a no-op here
        Process p = new ProcessBuilder("bash", "-c", "source '" + script + "'; compopt() { :; }; COMP_WORDS=(" + words + "); "
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; "
                + "_complete_preflight; echo \"${COMPREPLY[*]}\"").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).strip();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return out;
    }
}
