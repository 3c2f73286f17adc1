package io.gossippreflight.analyzer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.AnalyzerFixtureTest;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.pass.PacketSampler;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The packets the reports' size charts plot: a sample of what each direction sent, and every lost copy. */
class SizePointsTest {
    @Test
    void everyLostCopyAndASampleOfWhatWasSentPerDirection() throws Exception {
        AnalysisReport r = AnalyzerFixtureTest.analyze("blackhole-16tokens-a", "blackhole-16tokens-ga",
                "blackhole-16tokens-gb", "blackhole-16tokens-b");
        List<SizePoint> lost = r.sizes().stream().filter(SizePoint::lost).toList();
        int copies = r.losses().stream().mapToInt(LossInfo::copies).sum();
        assertEquals(10, copies);
        assertEquals(copies, lost.size(), "every lost copy");
        for (SizePoint p : lost) {
            assertEquals("198.18.1.2", p.from());
            assertEquals("198.18.2.2", p.to());
            assertTrue(p.ipLength() >= 4100 && p.ipLength() <= 9001, "a lost copy of " + p.ipLength() + " B");
        }
        long first = r.captures().stream().mapToLong(CaptureSummary::firstTime).min().orElseThrow();
        long last = r.captures().stream().mapToLong(CaptureSummary::lastTime).max().orElseThrow();
        for (String[] d : new String[][] {{"198.18.1.2", "198.18.2.2"}, {"198.18.2.2", "198.18.1.2"}}) {
            List<SizePoint> sent = r.sizes().stream().filter(p -> !p.lost() && p.from().equals(d[0]) && p.to().equals(d[1]))
                    .toList();
            assertTrue(sent.size() > 100, d[0] + " -> " + d[1] + ": " + sent.size() + " sampled");
            int largest = sent.stream().mapToInt(SizePoint::ipLength).max().orElseThrow();
            assertEquals(d[0].equals("198.18.1.2") ? 9001 : 351, largest, "the largest packet sent is in the sample");
            assertTrue(sent.stream().allMatch(p -> p.ipLength() >= 40));
        }
        for (int i = 1; i < r.sizes().size(); i++) {
            SizePoint p = r.sizes().get(i);
            assertTrue(p.timeNanos() >= r.sizes().get(i - 1).timeNanos(), "in time order");
            assertTrue(p.timeNanos() >= first - 1_000_000 && p.timeNanos() <= last + 1_000_000);
        }
    }

    @Test
    void theSamplerKeepsEachPacketsSizeWithItThroughShrinking() {
        PacketSampler s = new PacketSampler(64);
        for (int i = 0; i < 10_000; i++) {
            long h = mix(i);
            s.offer(h, i, 1, 2, 64, 40 + (int) Long.remainderUnsigned(h, 9000));
        }
        assertTrue(s.size() <= 64 && s.size() >= 16, "bounded: " + s.size());
        for (int i = 0; i < s.size(); i++) {
            assertEquals(40 + (int) Long.remainderUnsigned(s.hash(i), 9000), s.ipLength(i));
        }
    }

    private static long mix(long x) {
        x = (x + 0x9E3779B97F4A7C15L) * 0xBF58476D1CE4E5B9L;
        x ^= x >>> 31;
        x *= 0x94D049BB133111EBL;
        return x ^ (x >>> 29);
    }
}
