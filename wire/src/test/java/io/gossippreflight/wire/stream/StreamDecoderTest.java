package io.gossippreflight.wire.stream;

import static io.gossippreflight.wire.stream.SyntheticStreams.decode;
import static io.gossippreflight.wire.stream.SyntheticStreams.messages;
import static io.gossippreflight.wire.stream.SyntheticStreams.of;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class StreamDecoderTest {
    /** Small messages grouped several per frame, then a ~180 KB shadow ACK over non-self-contained frames. */
    static SyntheticStreams.Built mixed(Framing framing) {
        List<Message> small = SyntheticStreams.gossipMessages(8, 2, 4);
        Message large = SyntheticStreams.gossipMessages(2, 32, 256).get(1);
        return SyntheticStreams.initiatorStream(framing, List.of(small.subList(0, 3), small.subList(3, 8), List.of(large),
                small.subList(0, 2)), io.gossippreflight.wire.frame.FramingPolicy.CASSANDRA);
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void decodesEveryFramingAtAnyChunking(Framing framing) {
        SyntheticStreams.Built s = mixed(framing);
        for (int chunk : new int[] {1, 3, 1000, 1 << 20}) {
            List<StreamEvent> ev = decode(s.bytes(), chunk, StreamOptions.DEFAULT);
            assertEquals(s.messages(), messages(ev), "chunk " + chunk);
            List<StreamEvent.FrameSeen> frames = of(ev, StreamEvent.FrameSeen.class);
            assertEquals(s.frameStarts().size(), frames.size());
            assertTrue(frames.stream().allMatch(StreamEvent.FrameSeen::crcValid));
            assertTrue(frames.stream().anyMatch(f -> !f.selfContained()), "large message uses non-self-contained frames");
            assertEquals(s.frameStarts(), frames.stream().map(f -> (int) f.offset()).toList());
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
            assertEquals(List.of(), of(ev, StreamEvent.Truncated.class));
        }
    }

    @Test
    void knownGapInsideAFrameSkipsExactlyThatFrame() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(6, 3, 16).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FramingPolicy.CASSANDRA);
        int f2 = s.frameStarts().get(2);
        int f3 = s.frameStarts().get(3);
        int holeStart = f2 + 20;
        int holeEnd = f3 - 5;
        List<StreamEvent> ev = new ArrayList<>();
        StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT, ev::add);
        d.feed(Arrays.copyOfRange(s.bytes(), 0, holeStart));
        d.gap(holeEnd - holeStart);
        d.feed(Arrays.copyOfRange(s.bytes(), holeEnd, s.bytes().length));
        d.finish();
        List<Message> expected = new ArrayList<>(s.messages());
        expected.remove(2);
        assertEquals(expected, messages(ev));
        assertEquals(1, of(ev, StreamEvent.Lost.class).size());
        assertEquals(List.of(), of(ev, StreamEvent.Desynced.class), "no resync needed");
        assertEquals(f2, of(ev, StreamEvent.Lost.class).get(0).offset());
    }

    @Test
    void gapAcrossFramesResyncsOnChecksums() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(8, 3, 16).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FramingPolicy.CASSANDRA);
        int holeStart = s.frameStarts().get(1) + 3;
        int holeEnd = s.frameStarts().get(3) + 7;
        for (long gapLen : new long[] {holeEnd - holeStart, -1}) {
            List<StreamEvent> ev = new ArrayList<>();
            StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT, ev::add);
            d.feed(Arrays.copyOfRange(s.bytes(), 0, holeStart));
            d.gap(gapLen);
            d.feed(Arrays.copyOfRange(s.bytes(), holeEnd, s.bytes().length));
            d.finish();
            assertEquals(s.messages().subList(4, 8), messages(ev).subList(1, messages(ev).size()), "messages after the resync");
            assertEquals(s.messages().get(0), messages(ev).get(0));
            assertEquals(1, of(ev, StreamEvent.Desynced.class).size());
            List<StreamEvent.Resynced> r = of(ev, StreamEvent.Resynced.class);
            assertEquals(1, r.size());
            if (gapLen >= 0) {
                assertEquals(s.frameStarts().get(4), (int) r.get(0).offset());
            }
            assertEquals(List.of(), of(ev, StreamEvent.Malformed.class));
        }
    }

    @Test
    void midStreamStartAndLostLargeMessageStart() {
        SyntheticStreams.Built s = mixed(Framing.CRC);
        // start inside the second non-self-contained frame of the large message
        int nsc = -1;
        List<StreamEvent> full = decode(s.bytes(), 1 << 20, StreamOptions.DEFAULT);
        List<StreamEvent.FrameSeen> frames = of(full, StreamEvent.FrameSeen.class);
        for (int i = 0; i < frames.size(); i++) {
            if (!frames.get(i).selfContained()) {
                nsc = i;
                break;
            }
        }
        int cut = s.frameStarts().get(nsc + 1) - 11;
        List<StreamEvent> ev = decode(Arrays.copyOfRange(s.bytes(), cut, s.bytes().length), 997, StreamOptions.DEFAULT);
        assertFalse(of(ev, StreamEvent.Resynced.class).isEmpty());
        List<Message> got = messages(ev);
        assertEquals(s.messages().subList(s.messages().size() - 2, s.messages().size()), got,
                "only the messages after the broken large message survive");
        assertTrue(of(ev, StreamEvent.Lost.class).stream().anyMatch(l -> l.what().contains("continuation")));
    }

    @Test
    void badPayloadCrcLosesThatFrameOnly() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(4, 2, 4).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FramingPolicy.CASSANDRA);
        byte[] b = s.bytes().clone();
        b[s.frameStarts().get(1) + 12] ^= 0x40;
        List<StreamEvent> ev = decode(b, 64, StreamOptions.DEFAULT);
        List<StreamEvent.FrameSeen> frames = of(ev, StreamEvent.FrameSeen.class);
        assertEquals(4, frames.size());
        assertFalse(frames.get(1).crcValid());
        assertEquals(List.of(s.messages().get(0), s.messages().get(2), s.messages().get(3)), messages(ev));
    }

    @Test
    void badHeaderCrcResyncs() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(4, 2, 4).stream().map(List::of).toList(), io.gossippreflight.wire.frame.FramingPolicy.CASSANDRA);
        byte[] b = s.bytes().clone();
        b[s.frameStarts().get(1) + 1] ^= 0x01;
        List<StreamEvent> ev = decode(b, 64, StreamOptions.DEFAULT);
        assertEquals(1, of(ev, StreamEvent.Malformed.class).size());
        assertEquals(List.of(s.messages().get(0), s.messages().get(2), s.messages().get(3)), messages(ev));
    }

    @Test
    void truncatedStreamIsReported() {
        SyntheticStreams.Built s = mixed(Framing.CRC);
        List<StreamEvent> ev = decode(Arrays.copyOf(s.bytes(), s.bytes().length - 10), 4096, StreamOptions.DEFAULT);
        assertEquals(1, of(ev, StreamEvent.Truncated.class).size());
        assertEquals(s.messages().size() - 2, messages(ev).size());
    }

    @Test
    void messageOffsetsPointAtTheirFramesAndBytes() {
        SyntheticStreams.Built s = mixed(Framing.CRC);
        List<StreamEvent> ev = decode(s.bytes(), 4096, StreamOptions.DEFAULT.withKeepMessageBytes(true));
        List<StreamEvent.FrameSeen> frames = of(ev, StreamEvent.FrameSeen.class);
        List<StreamEvent.MessageSeen> ms = of(ev, StreamEvent.MessageSeen.class);
        for (StreamEvent.MessageSeen m : ms) {
            StreamEvent.FrameSeen holder = frames.stream().filter(f -> f.offset() == m.offset()).findFirst().orElseThrow();
            assertTrue(holder.offset() < m.messageOffset() && m.messageOffset() < holder.offset() + holder.wireLength());
            if (holder.selfContained()) {
                // the bytes at [messageOffset, messageOffset + size) of a CRC stream are the message itself
                assertTrue(Arrays.equals(m.bytes(), Arrays.copyOfRange(s.bytes(), (int) m.messageOffset(), (int) m.messageOffset() + m.size())));
                assertEquals(holder.offset() + holder.wireLength(), m.end());
            } else {
                assertEquals(holder.offset() + 6, m.messageOffset(), "large message starts in its first frame's payload");
                StreamEvent.FrameSeen last = frames.stream().filter(f -> f.offset() + f.wireLength() == m.end()).findFirst().orElseThrow();
                assertFalse(last.selfContained());
                assertTrue(m.end() - m.offset() > m.size(), "spans several frames with their overhead");
            }
        }
        assertEquals(s.frameStarts().get(0), (int) ms.get(0).offset());
        assertEquals(s.frameStarts().get(0), (int) ms.get(1).offset(), "second message of the same frame");
        assertEquals(s.frameStarts().get(0) + 6 + ms.get(0).size(), ms.get(1).messageOffset());
        List<StreamEvent> lz4 = decode(mixed(Framing.LZ4).bytes(), 4096, StreamOptions.DEFAULT);
        assertTrue(of(lz4, StreamEvent.MessageSeen.class).stream().allMatch(m -> m.messageOffset() == -1), "no byte offset inside LZ4");
    }

    @Test
    void ipv6HandshakeAndIpv6GossipState() {
        var from = io.gossippreflight.wire.gossip.InetAddressAndPort.parse("2001:db8::2", 7000);
        var cluster = io.gossippreflight.wire.synthetic.SyntheticCluster.builder().endpoints(3).tokensPerEndpoint(16)
                .firstAddress(io.gossippreflight.wire.gossip.InetAddressAndPort.parse("2001:db8::10", 7000)).build();
        List<Message> sent = List.of(Message.gossip(1, 5, cluster.syn()), Message.gossip(2, 6, cluster.shadowAck()), Message.gossip(3, 7, cluster.ack2()));
        io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
        io.gossippreflight.wire.handshake.Initiate init = io.gossippreflight.wire.handshake.Initiate.modern(
                io.gossippreflight.wire.MessagingVersion.V12, io.gossippreflight.wire.MessagingVersion.V12,
                io.gossippreflight.wire.handshake.ConnectionType.URGENT_MESSAGES, Framing.CRC, from);
        init.encode(b);
        for (io.netty.buffer.ByteBuf f : new io.gossippreflight.wire.frame.MessageFramer(io.gossippreflight.wire.frame.CrcFrameFormat.INSTANCE,
                io.gossippreflight.wire.MessagingVersion.V12, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT).frame(sent)) {
            b.writeBytes(f);
            f.release();
        }
        byte[] bytes = io.gossippreflight.wire.RoundTrip.bytes(b);
        List<StreamEvent> ev = decode(bytes, 7, StreamOptions.DEFAULT);
        assertEquals(init, of(ev, StreamEvent.InitiateSeen.class).get(0).initiate());
        assertEquals(31, of(ev, StreamEvent.FrameSeen.class).get(0).offset(), "IPv6 Initiate is 31 bytes");
        assertEquals(sent, messages(ev));
    }

    /**
     * A stream caught mid-way behind random bytes, one of them a header whose CRC24 verifies over
     * a payload whose CRC32 does not: the scan passes the false candidate and finds the first real
     * frame, counting every byte it skipped, however the bytes arrive.
     */
    @Test
    void scanSkipsRandomBytesAndFalseCandidatesWhateverTheChunks() {
        SyntheticStreams.Built s = SyntheticStreams.initiatorStream(Framing.CRC,
                SyntheticStreams.gossipMessages(8, 3, 16).stream().map(List::of).toList(),
                io.gossippreflight.wire.frame.FramingPolicy.CASSANDRA);
        byte[] noise = new byte[3000];
        new java.util.SplittableRandom(5).nextBytes(noise);
        java.util.Arrays.fill(noise, 0, 4, (byte) 0x55); // not a handshake's first word
        io.netty.buffer.ByteBuf fake = io.gossippreflight.wire.frame.CrcFrameFormat.INSTANCE.encode(
                io.netty.buffer.Unpooled.wrappedBuffer(new byte[40]), true, io.netty.buffer.UnpooledByteBufAllocator.DEFAULT);
        fake.setByte(20, fake.getByte(20) ^ 1); // the payload no longer matches its CRC32
        fake.getBytes(0, noise, 1234, fake.readableBytes());
        fake.release();
        int from = s.frameStarts().get(2);
        byte[] stream = new byte[noise.length + s.bytes().length - from];
        System.arraycopy(noise, 0, stream, 0, noise.length);
        System.arraycopy(s.bytes(), from, stream, noise.length, s.bytes().length - from);
        for (int chunk : new int[] {1, 3, 7, 64, 997, stream.length}) {
            List<StreamEvent> ev = decode(stream, chunk, StreamOptions.DEFAULT);
            assertEquals(1, of(ev, StreamEvent.Desynced.class).size(), "chunk " + chunk);
            List<StreamEvent.Resynced> r = of(ev, StreamEvent.Resynced.class);
            assertEquals(1, r.size(), "chunk " + chunk);
            assertEquals(noise.length, r.get(0).offset(), "chunk " + chunk);
            assertEquals(noise.length, r.get(0).skipped(), "chunk " + chunk);
            assertEquals(s.messages().subList(2, 8), messages(ev), "chunk " + chunk);
        }
    }
}
