package io.gossippreflight.wire.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The real Cassandra 5.0.9 captures of fixtures/captures/cassandra-5.0.9-modes (LZ4 compression,
 * messaging version 13) decode completely and re-encode byte for byte: every message, and every
 * LZ4 frame — header, compressed block and checksum — from its decompressed payload. Counts were
 * read off the decoder once; the join and shutdown they show are in the captures' README.
 */
class RealModeCaptureGoldenTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, framing, version, connections with a handshake, frames, compressed LZ4 frames, messages, SYN, ACK, ACK2
        "lz4-join-a.pcap, LZ4, 12, 8, 227, 97, 238, 76, 75, 73",
        "lz4-join-b.pcap, LZ4, 12, 8, 227, 97, 238, 76, 75, 73",
        "v13-join-a.pcap, CRC, 13, 8, 196,  0, 202, 63, 63, 62",
        "v13-join-b.pcap, CRC, 13, 8, 196,  0, 202, 63, 63, 62",
    })
    void joinDecodesAndReencodesByteForByte(String file, Framing framing, int version, int handshakes, int frames,
            int compressed, int messages, int syn, int ack, int ack2) throws Exception {
        CaptureDecoding d = CaptureDecoding.of(FixtureFiles.capture("cassandra-5.0.9-modes/" + file));
        assertEquals(List.of(), d.problems, "no gaps, malformed bytes, undecodable payloads or frames that differ");
        assertEquals(List.of(), d.truncations);
        assertEquals(handshakes, d.handshakes);
        assertEquals(handshakes, d.accepts);
        assertEquals(frames, d.frames);
        assertEquals(frames, d.crcValidFrames, "every header CRC24 and payload CRC32 verifies");
        assertEquals(messages, d.messages);
        assertEquals(messages, d.reencodedIdentical, "every message re-encodes identically at its version");
        assertEquals(Map.of(version, handshakes - 1), d.versions, "every messaging connection (one streams) at " + version);
        assertEquals(framing == Framing.LZ4 ? frames : 0, d.lz4Frames);
        assertEquals(framing == Framing.LZ4 ? frames : 0, d.lz4FramesReencodedIdentical,
                "every LZ4 frame is what our encoder writes for its payload");
        assertEquals(compressed, d.lz4Compressed, "frames LZ4 shrank (the others are stored raw)");
        assertEquals(syn, d.verb("GOSSIP_DIGEST_SYN"));
        assertEquals(ack, d.verb("GOSSIP_DIGEST_ACK"));
        assertEquals(ack2, d.verb("GOSSIP_DIGEST_ACK2"));
        for (Initiate i : d.initiates) {
            assertEquals(i.type() == ConnectionType.STREAMING ? Framing.UNPROTECTED : framing, i.framing(), i.toString());
            // messaging accepts 12 in every mode; streaming only the version spoken (5.0.9 MessagingService.accept_streaming)
            assertEquals(i.type() == ConnectionType.STREAMING ? version : 12, i.minVersion(), i.toString());
            assertEquals(version, i.maxVersion(), i.toString());
        }
        // the joiner's graceful stop: GOSSIP_SHUTDOWN carries its state from version 13 on, nothing before
        Message shutdown = d.messageEvents.stream().map(m -> (Message) m.message())
                .filter(m -> m.verbName().equals("GOSSIP_SHUTDOWN")).findFirst().orElseThrow();
        if (version >= 13) {
            GossipShutdown s = (GossipShutdown) shutdown.payload();
            assertNotNull(s.state(), "v13 shutdown carries the leaving node's state");
            assertEquals("shutdown,true", s.state().get(ApplicationState.STATUS_WITH_PORT).value());
        } else {
            assertEquals(GossipShutdown.EMPTY, shutdown.payload(), "before 13 the payload is empty");
        }
        GossipDigestAck withTokens = d.messageEvents.stream().map(m -> ((Message) m.message()).payload())
                .filter(p -> p instanceof GossipDigestAck a && a.states().stream()
                        .anyMatch(s -> s.state().get(ApplicationState.TOKENS) != null))
                .map(p -> (GossipDigestAck) p).findFirst().orElseThrow();
        assertEquals(String.valueOf(version), withTokens.states().get(0).state().get(ApplicationState.NET_VERSION).value(),
                "NET_VERSION is the version the node speaks");
    }
}
