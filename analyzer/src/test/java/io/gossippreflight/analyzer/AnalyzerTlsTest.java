package io.gossippreflight.analyzer;

import static io.gossippreflight.analyzer.testing.Scenario.A;
import static io.gossippreflight.analyzer.testing.Scenario.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.testing.Scenario;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Internode connections with TLS (server_encryption_options) are named, not decoded as garbage. */
class AnalyzerTlsTest {
    static final String CONSEQUENCE = " use TLS (internode encryption): gossip messages cannot be decoded;"
            + " segment fates and ICMP are still analysed";

    @TempDir
    Path dir;

    /** A TLS record: content type 0x16 (handshake), version 3.minor, holding one handshake message. */
    static byte[] handshakeRecord(int recordMinor, int handshakeType, int bodyLength) {
        ByteBuffer b = ByteBuffer.allocate(5 + 4 + bodyLength);
        b.put((byte) 0x16).put((byte) 3).put((byte) recordMinor).putShort((short) (4 + bodyLength));
        b.put((byte) handshakeType).put((byte) 0).putShort((short) bodyLength);
        b.put((byte) 3).put((byte) 3); // legacy_version TLS 1.2, as TLS 1.3 hellos say too
        for (int i = 2; i < bodyLength; i++) {
            b.put((byte) (i * 31));
        }
        return b.array();
    }

    /** ClientHello, ServerHello, one application-data record, all acknowledged; seen at a and b. */
    static Scenario tlsExchange(int port) {
        Scenario s = new Scenario("a", "b");
        s.bPort = port;
        s.handshake(1460, 1460, "a", "b");
        byte[] hello = handshakeRecord(1, 1, 508);
        byte[] serverHello = handshakeRecord(3, 2, 118);
        byte[] appData = new byte[45];
        appData[0] = 0x17;
        appData[1] = 3;
        appData[2] = 3;
        appData[4] = 40;
        s.bytesA(0, 0, hello, "a", "b");
        s.bytesB(0, hello.length, serverHello, "a", "b");
        s.bytesA(hello.length, serverHello.length, appData, "a", "b");
        s.ackB(hello.length + appData.length, "a", "b");
        return s;
    }

    static List<Evidence> tlsNotes(PathVerdict v) {
        return v.evidence().stream().filter(e -> e.kind() == Evidence.Kind.NOTE && e.summary().contains("TLS")).toList();
    }

    @Test
    void tlsInternodeConnectionIsNamedAndNotDecoded() throws Exception {
        AnalysisReport r = tlsExchange(7000).analyze(dir);
        assertTrue(r.messages().isEmpty(), r.messages().toString());
        assertTrue(r.gossipNotes().isEmpty(), "no decoder complaints: " + r.gossipNotes());
        assertEquals(List.of("1 internode connection(s) in a" + CONSEQUENCE, "1 internode connection(s) in b" + CONSEQUENCE),
                r.warnings());
        assertEquals(1, r.tlsConnections());
        assertTrue(r.flows().get(0).tls());
        for (PathVerdict v : List.of(AnalyzerFixtureTest.verdict(r, A, B), AnalyzerFixtureTest.verdict(r, B, A))) {
            assertEquals(PathStatus.HEALTHY, v.status(), "TLS is not a path problem: " + v.summary());
            List<Evidence> notes = tlsNotes(v);
            assertEquals(1, notes.size(), v.evidence().toString());
            assertEquals(1, ((Number) notes.get(0).facts().get("tlsConnections")).intValue());
            assertTrue(notes.get(0).summary().endsWith(CONSEQUENCE), notes.get(0).summary());
        }
    }

    @Test
    void blackHoleUnderTlsIsStillFound() throws Exception {
        Scenario s = tlsExchange(7000);
        long sent = 517 + 45;
        for (int i = 0; i < 3; i++) {
            s.bytesA(sent, 127, new byte[8000], "a"); // a big encrypted record, never seen at b
            s.pause(200);
        }
        s.ackB(sent, "a", "b");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = AnalyzerFixtureTest.verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, v.status(), v.summary());
        assertEquals(1, tlsNotes(v).size(), v.evidence().toString());
        assertEquals(1, r.tlsConnections());
        assertTrue(r.messages().isEmpty(), r.messages().toString());
    }

    @Test
    void legacySslStoragePortIsRecognisedAndPlainTrafficThereIgnored() throws Exception {
        AnalysisReport tls = tlsExchange(7001).analyze(dir);
        assertEquals(1, tls.tlsConnections());
        assertTrue(tls.gossipNotes().isEmpty(), tls.gossipNotes().toString());

        Scenario plain = new Scenario("a");
        plain.bPort = 7001;
        plain.handshake(1460, 1460, "a");
        plain.bytesA(0, 0, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, "a").ackB(10, "a");
        AnalysisReport r = plain.analyze(Files.createDirectories(dir.resolve("plain")));
        assertEquals(0, r.tlsConnections());
        assertFalse(r.flows().get(0).tls());
        assertTrue(r.gossipNotes().isEmpty(), "not internode: not decoded " + r.gossipNotes());
        assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    }

    @Test
    void truncatedTlsHeaderAtTheEndIsNotTlsAndDoesNotThrow() throws Exception {
        Scenario s = new Scenario("a");
        s.handshake(1460, 1460, "a");
        s.bytesA(0, 0, new byte[] {0x16, 3, 1}, "a"); // the capture ends inside the record header
        AnalysisReport r = s.analyze(dir);
        assertEquals(0, r.tlsConnections());
        assertTrue(r.messages().isEmpty(), r.messages().toString());
        assertEquals(1, r.flows().size());
    }

    @Test
    void realCassandraCapturesHaveNoTls() throws Exception {
        String[][] sets = {{"two-node-join-a", "two-node-join-b"},
            {"blackhole-16tokens-a", "blackhole-16tokens-ga", "blackhole-16tokens-gb", "blackhole-16tokens-b"},
            {"control-pmtud-icmp-allowed-a", "control-pmtud-icmp-allowed-ga"}};
        for (String[] set : sets) {
            AnalysisReport r = AnalyzerFixtureTest.analyze(set);
            assertEquals(0, r.tlsConnections(), set[0]);
            assertFalse(r.messages().isEmpty(), "gossip still decoded in " + set[0]);
            assertTrue(r.warnings().stream().noneMatch(w -> w.contains("TLS")), r.warnings().toString());
            for (PathVerdict v : r.verdicts()) {
                assertTrue(tlsNotes(v).isEmpty(), v.evidence().toString());
            }
        }
    }
}
