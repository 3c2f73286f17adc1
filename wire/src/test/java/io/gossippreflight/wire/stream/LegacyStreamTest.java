package io.gossippreflight.wire.stream;

import static io.gossippreflight.wire.stream.SyntheticStreams.of;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.RoundTrip;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.LegacyParam;
import io.gossippreflight.wire.message.LegacyVerb;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4BlockInputStream;
import net.jpountz.lz4.LZ4BlockOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Pre-4.0 (3.0/3.11) streams built with our own encoder, since no 3.x capture exists. */
class LegacyStreamTest {
    static final InetAddressAndPort FROM = InetAddressAndPort.parse("198.18.2.2", InetAddressAndPort.DEFAULT_PORT);

    static List<LegacyMessage> messages(MessagingVersion v) {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(6).tokensPerEndpoint(256)
                .table(io.gossippreflight.wire.gossip.ApplicationStateTable.CASSANDRA_3).releaseVersion("3.11.19")
                .netVersion(v).firstAddress(InetAddressAndPort.parse("198.18.1.2", InetAddressAndPort.DEFAULT_PORT)).build();
        List<LegacyMessage> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            switch (i % 6) {
                case 0 -> out.add(new LegacyMessage(i, 1000 + i, FROM, LegacyVerb.GOSSIP_DIGEST_SYN, c.syn()));
                case 1 -> out.add(new LegacyMessage(i, 1000 + i, FROM, LegacyVerb.GOSSIP_DIGEST_ACK, c.shadowAck()));
                case 2 -> out.add(new LegacyMessage(i, 1000 + i, FROM, LegacyVerb.GOSSIP_DIGEST_ACK2, c.ack2()));
                case 3 -> out.add(new LegacyMessage(i, 1000 + i, FROM, LegacyVerb.ECHO, NoPayload.INSTANCE));
                case 4 -> out.add(new LegacyMessage(i, 1000 + i, FROM, LegacyVerb.GOSSIP_SHUTDOWN.ordinal(),
                        List.of(new LegacyParam("TraceSession", new byte[16])), GossipShutdown.EMPTY));
                default -> out.add(new LegacyMessage(i, 1000 + i, FROM, LegacyVerb.REQUEST_RESPONSE, NoPayload.INSTANCE));
            }
        }
        return out;
    }

    static byte[] plain(List<LegacyMessage> ms, MessagingVersion v) {
        ByteBuf b = Unpooled.buffer();
        for (LegacyMessage m : ms) {
            LegacyMessageSerializer.serialize(m, b, v);
        }
        return RoundTrip.bytes(b);
    }

    /** Preamble + confirm, then messages, LZ4Block-compressed one flush per message if asked. */
    static byte[] stream(List<LegacyMessage> ms, MessagingVersion v, boolean compressed) {
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(v, compressed, false).encode(b);
        new ConfirmOutboundPre40(v.id(), FROM).encode(b);
        for (LegacyMessage m : ms) {
            byte[] one = plain(List.of(m), v);
            if (compressed) {
                Lz4BlockFormat.encode(one, b);
            } else {
                b.writeBytes(one);
            }
        }
        return RoundTrip.bytes(b);
    }

    static List<InternodeMessage> decoded(List<StreamEvent> ev) {
        return ev.stream().filter(e -> e instanceof StreamEvent.MessageSeen).map(e -> ((StreamEvent.MessageSeen) e).message()).toList();
    }

    @ParameterizedTest
    @CsvSource({"V10, false", "V11, false", "V10, true", "V11, true"})
    void decodesAndReencodesAtAnyChunking(MessagingVersion v, boolean compressed) {
        List<LegacyMessage> ms = messages(v);
        byte[] s = stream(ms, v, compressed);
        for (int chunk : new int[] {1, 5, 4096, 1 << 22}) {
            List<StreamEvent> ev = SyntheticStreams.decode(s, chunk, StreamOptions.DEFAULT.withKeepMessageBytes(true));
            assertEquals(ms, decoded(ev), "chunk " + chunk);
            assertEquals(1, of(ev, StreamEvent.InitiateSeen.class).size());
            assertEquals(1, of(ev, StreamEvent.ConfirmSeen.class).size());
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
            assertEquals(List.of(), of(ev, StreamEvent.Truncated.class));
            for (StreamEvent.MessageSeen m : of(ev, StreamEvent.MessageSeen.class)) {
                assertArrayEquals(m.bytes(), plain(List.of((LegacyMessage) m.message()), v));
                assertEquals(null, m.payloadError());
            }
        }
        assertTrue(((LegacyMessage) ms.get(1)).payload() instanceof GossipDigestAck);
    }

    @Test
    void ourBlocksReadByLz4JavaAndTheirsReadByUs() throws Exception {
        List<LegacyMessage> ms = messages(MessagingVersion.V11);
        byte[] plain = plain(ms, MessagingVersion.V11);
        ByteBuf ours = Unpooled.buffer();
        Lz4BlockFormat.encode(plain, ours);
        Lz4BlockFormat.encodeEnd(ours);
        byte[] oursBytes = RoundTrip.bytes(ours);
        try (LZ4BlockInputStream in = new LZ4BlockInputStream(new ByteArrayInputStream(oursBytes), LZ4Factory.fastestInstance()
                .fastDecompressor(), XXHashFactory.fastestInstance().newStreamingHash32(Lz4BlockFormat.SEED).asChecksum())) {
            assertArrayEquals(plain, in.readAllBytes());
        }
        // what a 3.11 node writes: LZ4BlockOutputStream, 16 KiB blocks, XXHash32 seed 0x9747b28c, sync flush
        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        ByteBuf hs = Unpooled.buffer();
        Initiate.legacy(MessagingVersion.V11, true, false).encode(hs);
        new ConfirmOutboundPre40(11, FROM).encode(hs);
        theirs.writeBytes(RoundTrip.bytes(hs));
        try (LZ4BlockOutputStream out = new LZ4BlockOutputStream(theirs, 1 << 14, LZ4Factory.fastestInstance().fastCompressor(),
                XXHashFactory.fastestInstance().newStreamingHash32(Lz4BlockFormat.SEED).asChecksum(), true)) {
            for (LegacyMessage m : ms) {
                out.write(plain(List.of(m), MessagingVersion.V11));
                out.flush();
            }
        }
        List<StreamEvent> ev = SyntheticStreams.decode(theirs.toByteArray(), 777, StreamOptions.DEFAULT);
        assertEquals(ms, decoded(ev));
        assertEquals(List.of(), of(ev, StreamEvent.Truncated.class), "end-of-stream block is understood");
        assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
    }

    @ParameterizedTest
    @CsvSource({"false, true", "false, false", "true, true", "true, false"})
    void gapsResyncOnMagic(boolean compressed, boolean knownLength) {
        List<LegacyMessage> ms = messages(MessagingVersion.V11);
        byte[] s = stream(ms, MessagingVersion.V11, compressed);
        int holeStart = s.length / 3;
        int holeEnd = holeStart + 3000;
        List<StreamEvent> ev = new ArrayList<>();
        StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT, ev::add);
        d.feed(Arrays.copyOfRange(s, 0, holeStart));
        d.gap(knownLength ? holeEnd - holeStart : -1);
        d.feed(Arrays.copyOfRange(s, holeEnd, s.length));
        d.finish();
        List<InternodeMessage> got = decoded(ev);
        assertTrue(got.size() >= 6 && got.size() < ms.size(), "some lost, the rest found: " + got.size());
        // what was decoded is a prefix plus a suffix of what was sent
        int prefix = 0;
        while (prefix < got.size() && got.get(prefix).equals(ms.get(prefix))) {
            prefix++;
        }
        List<InternodeMessage> suffix = got.subList(prefix, got.size());
        assertEquals(ms.subList(ms.size() - suffix.size(), ms.size()), suffix);
        assertFalse(suffix.isEmpty());
        assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
    }

    @Test
    void midStreamLegacyStartScansForMagic() {
        List<LegacyMessage> ms = messages(MessagingVersion.V11);
        byte[] p = plain(ms, MessagingVersion.V11);
        List<StreamEvent> ev = SyntheticStreams.decode(Arrays.copyOfRange(p, 100, p.length), 333,
                StreamOptions.DEFAULT.withMidStreamFraming(null).withVersion(MessagingVersion.V11));
        assertEquals(ms.subList(1, ms.size()), decoded(ev));
        assertEquals(1, of(ev, StreamEvent.Resynced.class).size());
    }

    @Test
    void legacyAcceptorSideIsFourBytes() {
        List<StreamEvent> ev = new ArrayList<>();
        StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT.withPeerInitiate(Initiate.legacy(MessagingVersion.V11, false, false)),
                ev::add);
        d.feed(new byte[] {0, 0, 0, 12});
        d.finish();
        assertEquals(io.gossippreflight.wire.handshake.Accept.legacy(12), of(ev, StreamEvent.AcceptSeen.class).get(0).accept());
        assertEquals(1, ev.size());
    }
}
