package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class PreflightCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Preflight.commandLine(out, err).execute(args);
    }

    @Test
    void helpTeachesTheTreeAndExitCodes() {
        assertEquals(ExitCode.OK, run("--help"));
        String help = out.toString();
        for (String sub : new String[] {"lab", "probe", "node"}) {
            assertTrue(help.contains("  " + sub + " "), "help lists " + sub + ":\n" + help);
        }
        assertTrue(help.contains("Exit codes:"), help);
        assertTrue(help.contains("3  environment error"), help);
    }

    @Test
    void versionNamesTheToolAndJava() {
        assertEquals(ExitCode.OK, run("--version"));
        assertTrue(out.toString().startsWith("preflight "), out.toString());
        assertTrue(out.toString().contains("Java 17") || out.toString().contains("Java "), out.toString());
    }

    @Test
    void unknownOptionIsOneLineUsageErrorWithoutStackTrace() {
        assertEquals(ExitCode.USAGE, run("--no-such-option"));
        String e = err.toString();
        assertTrue(e.startsWith("preflight: Unknown option: '--no-such-option'"), e);
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("at io.gossippreflight"), e);
    }

    @Test
    void missingCommandIsUsageError() {
        assertEquals(ExitCode.USAGE, run());
        assertTrue(err.toString().contains("Missing command"), err.toString());
        assertEquals(ExitCode.USAGE, run("lab"));
    }

    @Test
    void debugPrintsTheStackTraceOfAUsageError() {
        assertEquals(ExitCode.USAGE, run("--debug", "--no-such-option"));
        assertTrue(err.toString().lines().count() > 1, err.toString());
    }
}
