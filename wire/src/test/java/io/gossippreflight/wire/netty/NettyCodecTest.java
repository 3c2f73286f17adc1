package io.gossippreflight.wire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.FramingPolicy;
import io.gossippreflight.wire.frame.MessageFramer;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.RawPayload;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class NettyCodecTest {
    static final MessagingVersion V = MessagingVersion.V12;

    static List<Message> smallMessages() {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(2).tokensPerEndpoint(4).build();
        return List.of(Message.gossip(1, 1000, c.syn()), Message.gossip(2, 1001, c.shadowSyn()),
                new Message(3, 1002, 10_000, Verb.ECHO_REQ, NoPayload.INSTANCE), Message.gossip(4, 1003, c.ack2()));
    }

    static Message largeMessage(int endpoints, int tokens) {
        return Message.gossip(9, 2000, SyntheticCluster.builder().endpoints(endpoints).tokensPerEndpoint(tokens).build().shadowAck());
    }

    /** Encodes through our own Netty encoders: a batch (shared frame), then the large message, then one more. */
    static byte[] encodeStream(Framing framing, FramingPolicy policy, List<Message> small, Message large) {
        EmbeddedChannel out = new EmbeddedChannel(new FrameEncoder(FrameFormat.of(framing)), new MessageEncoder(V, policy));
        assertTrue(out.writeOutbound(new MessageBatch(small)));
        assertTrue(out.writeOutbound(large));
        assertTrue(out.writeOutbound(small.get(2)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (ByteBuf b; (b = out.readOutbound()) != null; ) {
            bytes.writeBytes(ByteBufUtil.getBytes(b));
            b.release();
        }
        assertFalse(out.finish());
        return bytes.toByteArray();
    }

    static EmbeddedChannel decoder(Framing framing, DecoderLimits limits) {
        return new EmbeddedChannel(new FrameDecoder(FrameFormat.of(framing)), new MessageDecoder(V, limits, null));
    }

    static List<Message> drain(EmbeddedChannel ch) {
        List<Message> got = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            got.add((Message) o);
        }
        return got;
    }

    static List<Message> expected(List<Message> small, Message large) {
        List<Message> e = new ArrayList<>(small);
        e.add(large);
        e.add(small.get(2));
        return e;
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void inputSplitAtEveryByteBoundary(Framing framing) {
        List<Message> small = smallMessages();
        Message large = largeMessage(2, 16); // ~1.4 KB, sent over 300-byte non-self-contained frames (a small policy)
        byte[] s = encodeStream(framing, new FramingPolicy(300, 300), small, large);
        List<Message> want = expected(small, large);
        for (int cut = 0; cut <= s.length; cut++) {
            EmbeddedChannel ch = decoder(framing, DecoderLimits.DEFAULT);
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(s, 0, cut)));
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(s, cut, s.length)));
            assertEquals(want, drain(ch), "cut at " + cut);
            assertFalse(ch.finish(), "nothing left behind");
        }
    }

    @Test
    void byteByByteWithARealSizedLargeMessage() {
        List<Message> small = smallMessages();
        Message large = largeMessage(40, 256); // ~220 KB: two full frames and a partial one
        byte[] s = encodeStream(Framing.CRC, FramingPolicy.CASSANDRA, small, large);
        EmbeddedChannel ch = decoder(Framing.CRC, DecoderLimits.DEFAULT);
        for (byte b : s) {
            ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {b}));
        }
        assertEquals(expected(small, large), drain(ch));
        assertFalse(ch.finish());
    }

    @Test
    void severalMessagesShareOneFrameAndLargeOnesSpanSeveral() {
        EmbeddedChannel out = new EmbeddedChannel(new MessageEncoder(V));
        out.writeOutbound(new MessageBatch(smallMessages()));
        OutboundFrame one = out.readOutbound();
        assertTrue(one.isSelfContained());
        int sum = smallMessages().stream().mapToInt(m -> m.serializedSize(V)).sum();
        assertEquals(sum, one.payload().readableBytes());
        one.release();
        assertNull(out.readOutbound());
        Message large = largeMessage(40, 256);
        out.writeOutbound(large);
        int frames = 0;
        int bytes = 0;
        for (OutboundFrame f; (f = out.readOutbound()) != null; ) {
            assertFalse(f.isSelfContained());
            bytes += f.payload().readableBytes();
            frames++;
            f.release();
        }
        assertEquals(large.serializedSize(V), bytes);
        assertEquals((bytes + FramingPolicy.CASSANDRA_LARGE_FRAME_PAYLOAD - 1) / FramingPolicy.CASSANDRA_LARGE_FRAME_PAYLOAD, frames);
        assertTrue(frames >= 7, "32 KiB frames as Cassandra sends them");
        assertFalse(out.finish());
    }

    @Test
    void onWireSizeIsExactlyPredictable() {
        // the probe sizes messages exactly: serializedSize + frame overhead
        for (int pad : new int[] {0, 1, 1000, 60_000, FrameFormat.MAX_PAYLOAD - 20, 200_000}) {
            Message m = new Message(77, 0, 300_000, Verb.GOSSIP_DIGEST_ACK2.id() + 100, 0, List.of(), new RawPayload(new byte[pad]));
            EmbeddedChannel out = new EmbeddedChannel(new FrameEncoder(CrcFrameFormat.INSTANCE), new MessageEncoder(V));
            out.writeOutbound(m);
            int wire = 0;
            for (ByteBuf b; (b = out.readOutbound()) != null; ) {
                wire += b.readableBytes();
                b.release();
            }
            assertEquals(MessageFramer.wireSize(m.serializedSize(V), CrcFrameFormat.INSTANCE), wire, "pad " + pad);
            assertFalse(out.finish());
        }
    }

    @Test
    void corruptPayloadCrcClosesTheChannel() {
        byte[] s = encodeStream(Framing.CRC, new FramingPolicy(300, 300), smallMessages(), largeMessage(2, 16));
        s[10] ^= 0x20;
        EmbeddedChannel ch = decoder(Framing.CRC, DecoderLimits.DEFAULT);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(s)));
        assertInstanceOf(WireFormatException.class, e.getCause());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void corruptHeaderClosesBeforeWaitingForTheClaimedLength() {
        byte[] garbage = {(byte) 0xFF, (byte) 0xFF, 0x01, 1, 2, 3};
        EmbeddedChannel ch = decoder(Framing.CRC, DecoderLimits.DEFAULT);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(garbage)));
        assertTrue(e.getCause().getMessage().contains("CRC24"));
        assertFalse(ch.isOpen());
    }

    @Test
    void messageOverTheLimitIsRejectedFromItsHeader() {
        Message big = new Message(1, 0, 0, Verb.SCHEMA_PULL_RSP, new RawPayload(new byte[5000]));
        EmbeddedChannel out = new EmbeddedChannel(new FrameEncoder(CrcFrameFormat.INSTANCE), new MessageEncoder(V, new FramingPolicy(1000, 1000)));
        out.writeOutbound(big);
        ByteBuf first = out.readOutbound();
        EmbeddedChannel ch = decoder(Framing.CRC, new DecoderLimits(4096, 1000, 1000));
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(first));
        assertInstanceOf(WireFormatException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("limit"), e.getCause().getMessage());
        assertFalse(ch.isOpen());
        out.finishAndReleaseAll();
    }
}
