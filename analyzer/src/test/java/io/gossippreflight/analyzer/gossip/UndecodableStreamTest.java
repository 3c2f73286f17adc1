package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.testing.InternodeStreams;
import io.gossippreflight.analyzer.testing.Scenario;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes on the internode port that are not the protocol (random: TLS, an unknown version) are
 * given up on after a bounded scan, and said so; a real stream joined mid-way still decodes.
 */
class UndecodableStreamTest {
    @TempDir
    Path dir;

    private static Scenario send(byte[] stream) {
        Scenario s = new Scenario("a", "b");
        s.handshake(1460, 1460, "a", "b");
        for (int o = 0; o < stream.length; o += 1400) {
            s.bytesA(o, 0, Arrays.copyOfRange(stream, o, Math.min(stream.length, o + 1400)), "a", "b");
        }
        s.ackB(stream.length, "a", "b");
        return s;
    }

    @Test
    void randomBytesOnThePortAreGivenUpAfterABoundedScan() throws Exception {
        byte[] random = new byte[1 << 20];
        new Random(7).nextBytes(random);
        AnalysisReport r = send(random).analyze(dir);
        assertEquals(0, r.messages().size());
        String note = r.gossipNotes().stream().filter(n -> n.contains("message decoding stopped")).findFirst()
                .orElseThrow(() -> new AssertionError(r.gossipNotes().toString()));
        assertTrue(note.contains("not the internode protocol"), note);
        long at = Long.parseLong(note.replaceAll(".*stopped at byte ([0-9,]+):.*", "$1").replace(",", ""));
        assertTrue(at <= GossipStreams.MAX_SCAN_BYTES + 2 * 1400, "given up within the scan limit: " + at);
        assertTrue(r.verdicts().size() > 0, "the connection is still judged");
    }

    @Test
    void aStreamJoinedMidWayStillDecodesItsMessages() throws Exception {
        java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
        whole.writeBytes(InternodeStreams.initiate(Framing.CRC));
        for (int f = 0; f < 100; f++) { // a frame per gossip round, as a node sends them
            List<Message> round = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                round.add(InternodeStreams.syn(f * 4 + i, 20));
            }
            whole.writeBytes(InternodeStreams.frames(Framing.CRC, round));
        }
        // the capture starts 1000 bytes in: no handshake, and inside the first frame
        byte[] late = Arrays.copyOfRange(whole.toByteArray(), 1000, whole.size());
        AnalysisReport r = send(late).analyze(dir);
        assertEquals(99 * 4, r.messages().size(), "all but the first frame's; notes " + r.gossipNotes());
        assertTrue(r.gossipNotes().stream().noneMatch(n -> n.contains("message decoding stopped")), r.gossipNotes().toString());
    }
}
