package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.PcapWriter;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.ClockInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Captures from machines whose clocks disagree, and from which the ICMP was filtered. */
class ClockSkewTest {
    @TempDir
    Path dir;

    /** Copies a fixture capture, shifting its clock and dropping packets. */
    private Path rewrite(String fixture, String name, long shiftNanos, Predicate<RawPacket> keep) throws Exception {
        Path out = dir.resolve(name + ".pcap");
        try (PacketSource in = CaptureFiles.open(FixtureFiles.capture("cassandra-5.0.9/" + fixture + ".pcap"))) {
            RawPacket p = new RawPacket();
            PcapWriter w = null;
            while (in.next(p)) {
                if (w == null) {
                    w = new PcapWriter(out, p.linkType, 262144);
                }
                if (keep.test(p)) {
                    w.write(p.timestampNanos + shiftNanos, p.data, p.offset, p.capturedLength, p.originalLength);
                }
            }
            w.close();
        }
        return out;
    }

    @Test
    void offsetsAreEstimatedAndThePathStillOrdered() throws Exception {
        List<Analyzer.Input> in = new ArrayList<>();
        in.add(new Analyzer.Input("a", rewrite("blackhole-16tokens-a", "a", 0, p -> true)));
        in.add(new Analyzer.Input("ga", rewrite("blackhole-16tokens-ga", "ga", 3_000_000_000L, p -> true)));
        in.add(new Analyzer.Input("gb", rewrite("blackhole-16tokens-gb", "gb", -2_000_000_000L, p -> true)));
        in.add(new Analyzer.Input("b", rewrite("blackhole-16tokens-b", "b", 7_000_000_000L, p -> true)));
        AnalysisReport r = Analyzer.analyze(in, Analyzer.Options.defaults());
        PathInfo ab = r.paths().stream().filter(p -> p.from().startsWith("198.18.1.2")).findFirst().orElseThrow();
        assertEquals(List.of("a", "ga#if2", "ga#if3", "gb#if3", "gb#if2", "b"), ab.points());
        ClockInfo aToB = r.clocks().stream().filter(c -> c.p().equals("a") && c.q().equals("b")).findFirst().orElseThrow();
        assertTrue(aToB.known());
        assertTrue(Math.abs(aToB.offsetNanos() - 7_000_000_000L) < 100_000, "offset " + aToB.offsetNanos());
        assertEquals(PathStatus.BLACK_HOLE, AnalyzerFixtureTest.verdict(r, "198.18.1.2", "198.18.2.2").status());
        assertTrue(r.losses().get(0).between().startsWith("between ga and gb"), r.losses().get(0).between());
    }

    /**
     * A packet one point holds twice with the same bytes (a copy from {@code -i any}, or any resend the
     * fingerprint cannot tell apart) cannot be matched: its second copy, half a second later, put two
     * captures taken on one host 509 ms apart (AnalyzerLabTest on vpn-lossy), and the lost pings
     * then counted as in flight.
     */
    @Test
    void aPacketHeldTwiceAtOnePointDoesNotMoveTheClock() throws Exception {
        Path b = dir.resolve("b-dup.pcap");
        int copied = 0;
        try (PacketSource in = CaptureFiles.open(FixtureFiles.capture("cassandra-5.0.9/blackhole-16tokens-b.pcap"))) {
            RawPacket p = new RawPacket();
            PcapWriter w = null;
            byte[] held = null;
            long heldAt = 0;
            int seen = 0;
            while (in.next(p)) {
                if (w == null) {
                    w = new PcapWriter(b, p.linkType, 262144);
                }
                w.write(p.timestampNanos + 7_000_000_000L, p.data, p.offset, p.capturedLength, p.originalLength);
                boolean fromB = p.capturedLength > 34 && (p.data.get(p.offset + 26) & 0xff) == 198
                        && (p.data.get(p.offset + 28) & 0xff) == 2 && (p.data.get(p.offset + 29) & 0xff) == 2;
                if (fromB && ++seen == 40) {
                    held = new byte[p.capturedLength];
                    p.data.get(p.offset, held);
                    heldAt = p.timestampNanos + 7_000_000_000L + 500_000_000L;
                }
                if (held != null && p.timestampNanos + 7_000_000_000L >= heldAt) {
                    w.write(heldAt, java.nio.ByteBuffer.wrap(held), 0, held.length, held.length);
                    held = null;
                    copied++;
                }
            }
            w.close();
        }
        assertEquals(1, copied, "the fixture goes on for more than half a second after its 40th packet from b");
        List<Analyzer.Input> in = new ArrayList<>();
        in.add(new Analyzer.Input("a", rewrite("blackhole-16tokens-a", "a", 0, p -> true)));
        in.add(new Analyzer.Input("b", b));
        AnalysisReport r = Analyzer.analyze(in, Analyzer.Options.defaults());
        ClockInfo aToB = r.clocks().stream().filter(c -> c.p().equals("a") && c.q().equals("b")).findFirst().orElseThrow();
        assertTrue(aToB.known());
        assertTrue(Math.abs(aToB.offsetNanos() - 7_000_000_000L) < 1_000_000, "offset " + aToB.offsetNanos());
    }

    @Test
    void icmpSeenAtTheRouterButFilteredBeforeTheSender() throws Exception {
        List<Analyzer.Input> in = new ArrayList<>();
        // the ICMP frame (590 bytes on a's Ethernet) never reaches a
        in.add(new Analyzer.Input("a", rewrite("control-pmtud-icmp-allowed-a", "a", 0, p -> p.capturedLength != 590)));
        in.add(new Analyzer.Input("ga", rewrite("control-pmtud-icmp-allowed-ga", "ga", 0, p -> true)));
        AnalysisReport r = Analyzer.analyze(in, Analyzer.Options.defaults());
        var v = AnalyzerFixtureTest.verdict(r, "198.18.1.2", "198.18.2.2");
        assertEquals(PathStatus.BLACK_HOLE, v.status(), v.summary());
        assertEquals(1422, v.mtu().exact());
        assertEquals(Boolean.FALSE, r.icmp().get(0).reachedSender());
        assertEquals(List.of("ga#if2"), r.icmp().get(0).seenAt());
    }
}
