package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.testing.AnalyzeMain;
import io.gossippreflight.analyzer.testing.HostileCaptures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures built to make reassembly hold memory are analysed in a JVM of their own with a 64 MiB
 * heap: each used to run out of memory. The larger sizes of the same shapes (2 M segments, 16 x
 * 250 k) run in make bench (bench/scripts/analyze.sh).
 */
class HostileCaptureMemoryTest {
    @TempDir
    Path dir;

    private static List<String> analyzeAt64m(Path... captures) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                AnalyzeMain.class.getName()));
        for (Path c : captures) {
            cmd.add(c.toString());
        }
        Path out = Files.createTempFile("analyze-", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            assertTrue(p.waitFor(5, TimeUnit.MINUTES), "the analysis ended");
            List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), String.join("\n", lines.subList(0, Math.min(20, lines.size()))));
            return lines;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void halfAMillionOneByteSegmentsBehindAHole() throws Exception {
        Path f = dir.resolve("holes.pcap");
        HostileCaptures.holes(f, 1, 500_000);
        List<String> out = analyzeAt64m(f);
        assertTrue(out.contains("packets 500004"), out.toString());
        assertTrue(out.stream().anyMatch(l -> l.startsWith("note connection #0") && l.contains("message decoding stopped")
                && l.contains("not the internode protocol")), out.toString());
    }

    @Test
    void fourConnectionsOfIncomplete63MiBMessages() throws Exception {
        Path f = dir.resolve("large.pcap");
        HostileCaptures.largeMessages(f, 4, 63 << 20, 8_500_000);
        assertTrue(Files.size(f) > 34_000_000);
        List<String> out = analyzeAt64m(f);
        assertEquals(4, out.stream().filter(l -> l.startsWith("note connection #")
                && l.contains("message of 66060288 bytes exceeds the limit")).count(), out.toString());
    }

    @Test
    void manyConnectionsOfMessagesUnderTheLimitShareOneBudget() throws Exception {
        Path f = dir.resolve("many.pcap");
        HostileCaptures.largeMessages(f, 8, 4_000_000, 3_900_000);
        List<String> out = analyzeAt64m(f, f.resolveSibling("many.pcap"));
        assertTrue(out.stream().anyMatch(l -> l.contains("over the memory budget for reassembly")), out.toString());
    }

}
