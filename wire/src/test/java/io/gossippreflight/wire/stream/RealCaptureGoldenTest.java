package io.gossippreflight.wire.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.Tokens;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.RawPayload;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every internode stream of the real Cassandra 5.0.9 captures decodes completely: every frame's
 * CRC24/CRC32 verifies, every message decodes (gossip payloads fully) and re-encodes to the bytes
 * it came from. Counts per capture were read off the decoder and cross-checked with tshark's
 * conversation list (connections) — see notes/wire.md.
 */
class RealCaptureGoldenTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // file, connections, handshakes, frames, SYN, ACK, ACK2, ECHO_REQ, ECHO_RSP, PING_REQ, PING_RSP, PULL_REQ, PULL_RSP, streaming conns
        "two-node-join-a.pcap,              8, 8, 351, 114, 114, 113, 2, 2, 2, 2, 1, 1, 2",
        "two-node-join-b.pcap,              8, 8, 351, 114, 114, 113, 2, 2, 2, 2, 1, 1, 2",
        "blackhole-16tokens-a.pcap,        13, 5, 413, 136, 136, 135, 2, 2, 0, 0, 1, 1, 0",
        "blackhole-16tokens-ga.pcap,       13, 5, 413, 136, 136, 135, 2, 2, 0, 0, 1, 1, 0",
        "blackhole-16tokens-gb.pcap,       13, 5, 412, 136, 136, 135, 2, 2, 0, 0, 1, 0, 0",
        "blackhole-16tokens-b.pcap,        13, 5, 412, 136, 136, 135, 2, 2, 0, 0, 1, 0, 0",
        "control-pmtud-icmp-allowed-a.pcap,  7, 7, 354, 115, 115, 114, 2, 2, 2, 2, 1, 1, 1",
        "control-pmtud-icmp-allowed-ga.pcap, 7, 7, 354, 115, 115, 114, 2, 2, 2, 2, 1, 1, 1",
    })
    void decodesCompletelyAndReencodesByteForByte(String file, int connections, int handshakes, int frames, int syn, int ack,
                                                  int ack2, int echoReq, int echoRsp, int pingReq, int pingRsp, int pullReq,
                                                  int pullRsp, int streaming) throws Exception {
        CaptureDecoding d = CaptureDecoding.of(FixtureFiles.capture("cassandra-5.0.9/" + file));
        assertEquals(java.util.List.of(), d.problems, "no gaps, malformed bytes or undecodable payloads");
        assertEquals(java.util.List.of(), d.truncations, "no stream ends inside a structure");
        assertEquals(connections, d.connections, "TCP connections");
        assertEquals(handshakes, d.handshakes, "Initiates");
        assertEquals(handshakes, d.accepts, "Accepts");
        assertEquals(streaming, d.streamingConnections, "streaming connections");
        assertEquals(frames, d.frames, "frames");
        assertEquals(frames, d.crcValidFrames, "every frame's CRC32 verifies");
        assertEquals(frames, d.selfContainedFrames, "no message in these captures needs more than one frame");
        assertEquals(Map.of("GOSSIP_DIGEST_SYN", syn, "GOSSIP_DIGEST_ACK", ack, "GOSSIP_DIGEST_ACK2", ack2, "ECHO_REQ", echoReq,
                "ECHO_RSP", echoRsp, "PING_REQ", pingReq, "PING_RSP", pingRsp, "SCHEMA_PULL_REQ", pullReq, "SCHEMA_PULL_RSP", pullRsp)
                .entrySet().stream().filter(e -> e.getValue() > 0).collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                        Map.Entry::getValue)), d.verbs);
        assertEquals(d.messages, d.reencodedIdentical, "every message re-encodes to identical bytes");
        // one message per frame here, and gossip payloads decoded (not kept raw)
        assertEquals(frames, d.messages);
        for (StreamEvent.MessageSeen m : d.messageEvents) {
            Message msg = (Message) m.message();
            switch (msg.verbName()) {
                case "GOSSIP_DIGEST_SYN" -> {
                    GossipDigestSyn s = (GossipDigestSyn) msg.payload();
                    assertEquals("cl-lab", s.clusterName());
                    assertEquals("org.apache.cassandra.dht.Murmur3Partitioner", s.partitioner());
                    assertEquals(Message.GOSSIP_EXPIRES_IN_MILLIS, msg.expiresInMillis());
                }
                case "GOSSIP_DIGEST_ACK" -> assertTrue(msg.payload() instanceof GossipDigestAck);
                case "GOSSIP_DIGEST_ACK2" -> assertTrue(msg.payload() instanceof GossipDigestAck2);
                case "ECHO_REQ", "ECHO_RSP", "SCHEMA_PULL_REQ", "PING_RSP" -> assertEquals(NoPayload.INSTANCE, msg.payload());
                default -> assertTrue(msg.payload() instanceof RawPayload, msg.verbName());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"two-node-join-a.pcap, 16", "control-pmtud-icmp-allowed-a.pcap, 256"})
    void tokensAndStatesDecodeFromRealAcks(String file, int tokens) throws Exception {
        CaptureDecoding d = CaptureDecoding.of(FixtureFiles.capture("cassandra-5.0.9/" + file));
        var withTokens = d.messageEvents.stream()
                .map(m -> ((Message) m.message()).payload())
                .filter(p -> p instanceof GossipDigestAck a && a.states().stream().anyMatch(s -> s.state().get(ApplicationState.TOKENS) != null))
                .map(p -> (GossipDigestAck) p).findFirst().orElseThrow();
        var st = withTokens.states().stream().filter(s -> s.state().get(ApplicationState.TOKENS) != null).findFirst().orElseThrow().state();
        var list = Tokens.fromValue(st.get(ApplicationState.TOKENS).value());
        assertEquals(tokens, list.size());
        String status = st.get(ApplicationState.STATUS_WITH_PORT).value();
        assertTrue(status.equals("BOOT," + list.get(0)) || status.equals("NORMAL," + list.get(0)), status);
        assertEquals("5.0.9", st.get(ApplicationState.RELEASE_VERSION).value());
        assertEquals("12", st.get(ApplicationState.NET_VERSION).value());
    }
}
