package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --threads}: the report (text and JSON) is byte for byte the single-threaded one. */
class AnalyzeThreadsCommandTest {
    static final String[][] SETS = {
        {"a=blackhole-16tokens-a", "ga=blackhole-16tokens-ga", "gb=blackhole-16tokens-gb", "b=blackhole-16tokens-b"},
        {"control-pmtud-icmp-allowed-a", "control-pmtud-icmp-allowed-ga"},
        {"two-node-join-a", "two-node-join-b"},
    };

    record Run(int code, String out, String err) {
    }

    private static Run run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args.toArray(new String[0]));
        return new Run(code, out.toString(), err.toString());
    }

    private static List<String> args(String[] set, String... options) {
        List<String> a = new ArrayList<>(List.of("analyze"));
        a.addAll(Arrays.asList(options));
        for (String s : set) {
            int eq = s.indexOf('=');
            a.add(eq > 0 ? s.substring(0, eq + 1) + AnalyzeCommandTest.cap(s.substring(eq + 1)) : AnalyzeCommandTest.cap(s));
        }
        return a;
    }

    @Test
    void textAndJsonAreTheSameWithAnyThreadCount() {
        for (String[] set : SETS) {
            for (String format : new String[] {"--all-messages", "--json"}) {
                Run one = run(args(set, format, "--threads", "1"));
                for (String threads : new String[] {"2", "4"}) {
                    Run many = run(args(set, format, "--threads", threads));
                    assertEquals(one, many, Arrays.toString(set) + " " + format + " --threads " + threads);
                }
                assertEquals(one, run(args(set, format)), "default thread count");
            }
        }
    }

    @Test
    void statsGoToStderrAndLeaveTheReportAlone() {
        Run plain = run(args(SETS[0]));
        Run stats = run(args(SETS[0], "--stats"));
        assertEquals(plain.out(), stats.out());
        assertEquals(plain.code(), stats.code());
        assertTrue(stats.err().matches("(?s)stats: \\d+ packets analysed in [0-9.]+ s: \\d+ packets/s; [0-9.]+ s on the "
                + "analysis threads' CPU: \\d+ packets per CPU-second; process CPU so far [0-9.]+ s.*\n"), stats.err());
    }

    @Test
    void threadsBelowOneIsAUsageError() {
        Run r = run(args(SETS[2], "--threads", "0"));
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("--threads must be at least 1"), r.err());
    }
}
