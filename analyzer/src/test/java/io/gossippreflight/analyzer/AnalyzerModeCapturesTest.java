package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Real Cassandra 5.0.9 captures in the modes real clusters run (fixtures/captures/cassandra-5.0.9-modes):
 * LZ4 frames and messaging version 13 are decoded, TLS streams keep their segment fates, and the
 * seed story's black hole is found under each.
 */
class AnalyzerModeCapturesTest {
    private static final String A = AnalyzerFixtureTest.A;
    private static final String B = AnalyzerFixtureTest.B;

    static AnalysisReport analyze(String... names) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            files.add(FixtureFiles.capture("cassandra-5.0.9-modes/" + n + ".pcap"));
        }
        List<String> labels = Analyzer.defaultNames(files);
        List<Analyzer.Input> in = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            in.add(new Analyzer.Input(labels.get(i), files.get(i)));
        }
        return Analyzer.analyze(in, Analyzer.Options.defaults());
    }

    @Test
    void lz4ShadowAckIsNamedWhereItDiesAndItsLossSpansItsCompressedFrame() throws Exception {
        AnalysisReport r = analyze("lz4-blackhole-a", "lz4-blackhole-b");
        PathVerdict ab = AnalyzerFixtureTest.verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertEquals(4336, ab.mtu().smallestLost(), "the 5,243-byte ACK travels as a 4,284-byte LZ4 frame");
        assertEquals(PathStatus.HEALTHY, AnalyzerFixtureTest.verdict(r, B, A).status());
        MessageInfo ack = r.messages().stream().filter(m -> m.verb().equals("GOSSIP_DIGEST_ACK")).findFirst().orElseThrow();
        assertEquals(5243, ack.size());
        assertEquals(19, ack.streamStart(), "its frame follows the 19-byte Initiate of the seed's connection");
        assertEquals(19 + 4284, ack.streamEnd(), "and ends with its LZ4 frame, not 5,243 bytes later");
        assertFalse(ack.delivered());
        LossInfo loss = r.losses().get(0);
        assertEquals(ack.streamStart(), loss.start());
        assertEquals(ack.streamEnd(), loss.end());
        assertTrue(r.gossipNotes().stream().anyMatch(n -> n.contains("shadow-round reply (GOSSIP_DIGEST_ACK, 5,243 bytes)")
                && n.contains("died between a and b")), r.gossipNotes().toString());
        assertEquals(0, r.tlsConnections());
    }

    @Test
    void tlsBlackHoleIsFoundInTheTlsHandshakeItselfAndNothingIsDecoded() throws Exception {
        AnalysisReport r = analyze("tls-blackhole-a", "tls-blackhole-b");
        PathVerdict ab = AnalyzerFixtureTest.verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        // the seed's first flight (ServerHello, its certificate chain...) is already too big for the tunnel
        assertEquals(2136, ab.mtu().smallestLost());
        assertEquals(1233, ab.mtu().largestDelivered());
        assertEquals(3, r.tlsConnections());
        assertTrue(r.messages().isEmpty(), "encrypted: no message decoded");
        assertTrue(r.gossipNotes().isEmpty(), "and no decoder complaint: " + r.gossipNotes());
        assertEquals(1, AnalyzerTlsTest.tlsNotes(ab).size(), ab.evidence().toString());
        assertEquals(PathStatus.HEALTHY, AnalyzerFixtureTest.verdict(r, B, A).status());
    }

    @Test
    void joinsInEachModeAreHealthyAndDecodedUnlessEncrypted() throws Exception {
        for (String mode : List.of("lz4", "v13", "tls")) {
            AnalysisReport r = analyze(mode + "-join-a", mode + "-join-b");
            for (PathVerdict v : r.verdicts()) {
                assertEquals(PathStatus.HEALTHY, v.status(), mode + ": " + v.summary());
            }
            assertTrue(r.losses().stream().allMatch(LossInfo::delivered), mode + ": " + r.losses());
            assertEquals(mode.equals("tls") ? 0 : mode.equals("lz4") ? 238 : 202, r.messages().size(), mode);
            assertTrue(r.gossipNotes().isEmpty(), mode + ": " + r.gossipNotes());
            assertEquals(mode.equals("tls") ? 9 : 0, r.tlsConnections(), mode);
        }
    }
}
