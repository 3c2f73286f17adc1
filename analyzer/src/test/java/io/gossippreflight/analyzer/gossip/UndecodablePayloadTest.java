package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.testing.InternodeStreams;
import io.gossippreflight.analyzer.testing.Scenario;
import io.gossippreflight.wire.handshake.Framing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A message whose header decodes and whose payload does not is reported as such, not as a plain SYN. */
class UndecodablePayloadTest {
    @TempDir
    Path dir;

    @Test
    void aDigestCountOfIntMaxIsReportedAsNotDecoded() throws Exception {
        byte[] stream = InternodeStreams.stream(Framing.UNPROTECTED,
                List.of(InternodeStreams.syn(1, 1), InternodeStreams.syn(2, 1)));
        // the first SYN's digest count (an int after the partitioner) becomes 2^31-1; unprotected frames have no payload CRC
        int p = InternodeStreams.indexOf(stream, "Murmur3Partitioner".getBytes(StandardCharsets.US_ASCII)) + 18;
        assertEquals(1, stream[p + 3]);
        stream[p] = 0x7f;
        stream[p + 1] = (byte) 0xff;
        stream[p + 2] = (byte) 0xff;
        stream[p + 3] = (byte) 0xff;
        Scenario s = new Scenario("a", "b");
        s.handshake(1460, 1460, "a", "b");
        s.bytesA(0, 0, stream, "a", "b");
        s.ackB(stream.length, "a", "b");
        AnalysisReport r = s.analyze(dir);
        List<MessageInfo> syns = r.messages().stream().filter(m -> m.verb().equals("GOSSIP_DIGEST_SYN")).toList();
        assertEquals(2, syns.size(), r.messages().toString());
        MessageInfo bad = syns.stream().filter(m -> m.id() == 1).findFirst().orElseThrow();
        assertFalse(bad.payloadDecoded());
        assertNotNull(bad.payloadError());
        assertTrue(bad.note().startsWith("payload not decoded: "), bad.note());
        assertEquals(-1, bad.digests());
        MessageInfo good = syns.stream().filter(m -> m.id() == 2).findFirst().orElseThrow();
        assertNull(good.payloadError());
        assertEquals(1, good.digests());
    }
}
