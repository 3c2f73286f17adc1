package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures read several at once, each pipelined, give the report of a single-threaded run: same
 * point numbering, verdicts, flows, losses (the second pass included), ICMP, gossip and timeline.
 */
class AnalyzerThreadsTest {
    static final String[][] SETS = {
        {"blackhole-16tokens-a", "blackhole-16tokens-ga", "blackhole-16tokens-gb", "blackhole-16tokens-b"},
        {"blackhole-16tokens-b", "blackhole-16tokens-gb", "blackhole-16tokens-ga", "blackhole-16tokens-a"},
        {"control-pmtud-icmp-allowed-a", "control-pmtud-icmp-allowed-ga"},
        {"two-node-join-a", "two-node-join-b"},
        {"blackhole-16tokens-ga"},
        {"control-pmtud-icmp-allowed-ga"},
    };

    @Test
    void everyThreadCountGivesTheSingleThreadedReport() throws Exception {
        for (String[] set : SETS) {
            AnalysisReport one = AnalyzerFixtureTest.analyze(Analyzer.Options.defaults().withThreads(1), set);
            for (int threads : new int[] {2, 3, 8}) {
                AnalysisReport many = AnalyzerFixtureTest.analyze(Analyzer.Options.defaults().withThreads(threads), set);
                assertEquals(one, many, Arrays.toString(set) + " with " + threads + " threads");
            }
        }
    }

    @Test
    void theFirstDamagedCaptureInInputOrderIsReported(@TempDir Path dir) throws Exception {
        List<Analyzer.Input> in = new ArrayList<>();
        for (String n : new String[] {"blackhole-16tokens-a", "blackhole-16tokens-ga", "blackhole-16tokens-gb"}) {
            byte[] b = Files.readAllBytes(FixtureFiles.capture("cassandra-5.0.9/" + n + ".pcap"));
            if (!n.endsWith("-a")) {
                // a record in the middle claims 2 GiB (a file merely cut short is read up to the cut)
                int at = recordAt(b, 40);
                b[at + 8] = (byte) 0xff;
                b[at + 11] = (byte) 0x7f;
            }
            Path damaged = Files.write(dir.resolve(n + ".pcap"), b);
            in.add(new Analyzer.Input(n, damaged));
        }
        CaptureFormatException one = assertThrows(CaptureFormatException.class,
                () -> Analyzer.analyze(in, Analyzer.Options.defaults().withThreads(1)));
        CaptureFormatException many = assertThrows(CaptureFormatException.class,
                () -> Analyzer.analyze(in, Analyzer.Options.defaults().withThreads(3)));
        assertEquals(one.getMessage(), many.getMessage());
        assertTrue(one.getMessage().contains("blackhole-16tokens-ga"), one.getMessage());
        AnalysisReport keptOne = Analyzer.analyze(in, Analyzer.Options.defaults().withThreads(1).withKeepGoing(true));
        AnalysisReport keptMany = Analyzer.analyze(in, Analyzer.Options.defaults().withThreads(3).withKeepGoing(true));
        assertEquals(keptOne, keptMany);
    }

    /** Offset of the record with this index in a little-endian classic pcap. */
    private static int recordAt(byte[] pcap, int index) {
        int at = 24;
        for (int i = 0; i < index; i++) {
            at += 16 + ((pcap[at + 8] & 0xff) | (pcap[at + 9] & 0xff) << 8 | (pcap[at + 10] & 0xff) << 16);
        }
        return at;
    }
}
