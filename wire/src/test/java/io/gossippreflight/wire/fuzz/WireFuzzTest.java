package io.gossippreflight.wire.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.frame.Lz4FrameFormat;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.netty.FrameDecoder;
import io.gossippreflight.wire.netty.HandshakeAcceptor;
import io.gossippreflight.wire.netty.HandshakeCompleted;
import io.gossippreflight.wire.netty.MessageDecoder;
import io.gossippreflight.wire.stream.StreamDecoder;
import io.gossippreflight.wire.stream.StreamEvent;
import io.gossippreflight.wire.stream.StreamOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;

/**
 * Fuzz targets over the decoders. The property for every input: it ends in decoded messages or
 * the codec's own {@link WireFormatException} (never another exception, a hang or an unbounded
 * allocation), and whatever decodes re-encodes to something that decodes to the same value.
 * Plain `mvn verify` replays the committed corpus (seeded with real Cassandra 5.0.9 frames) under
 * src/test/resources/io/gossippreflight/wire/fuzz/WireFuzzTestInputs; JAZZER_FUZZ=1 fuzzes.
 */
class WireFuzzTest {
    /** Tight limits so a wrong allocation shows up fast. */
    static final DecoderLimits LIMITS = new DecoderLimits(4 << 20, 1 << 16, 65535);

    @FuzzTest(maxDuration = "3m")
    void crcFrameAndMessageDecoders(byte[] data) {
        nettyDecoders(data, new FrameDecoder(CrcFrameFormat.INSTANCE));
    }

    @FuzzTest(maxDuration = "3m")
    void lz4FrameAndMessageDecoders(byte[] data) {
        nettyDecoders(data, new FrameDecoder(Lz4FrameFormat.INSTANCE));
    }

    private static void nettyDecoders(byte[] data, FrameDecoder frames) {
        EmbeddedChannel ch = new EmbeddedChannel(frames, new MessageDecoder(MessagingVersion.V12, LIMITS, null));
        try {
            // two writes so the decoders also see a split input
            int half = data.length / 2;
            ch.writeInbound(Unpooled.wrappedBuffer(data, 0, half));
            ch.writeInbound(Unpooled.wrappedBuffer(data, half, data.length - half));
        } catch (DecoderException e) {
            if (!(e.getCause() instanceof WireFormatException)) {
                throw e;
            }
        }
        for (Object o; (o = ch.readInbound()) != null; ) {
            reencodes((Message) o, MessagingVersion.V12);
        }
        ch.finishAndReleaseAll();
    }

    @FuzzTest(maxDuration = "3m")
    void messageSerializer(byte[] data) {
        for (MessagingVersion v : new MessagingVersion[] {MessagingVersion.V12, MessagingVersion.V13}) {
            Message m;
            try {
                m = MessageSerializer.deserialize(WireInput.of(Unpooled.wrappedBuffer(data), LIMITS,
                        ApplicationStateTable.CASSANDRA_5_0), v);
            } catch (WireFormatException expected) {
                continue;
            }
            reencodes(m, v);
        }
        for (MessagingVersion v : new MessagingVersion[] {MessagingVersion.V10, MessagingVersion.V11}) {
            LegacyMessage m;
            try {
                m = LegacyMessageSerializer.deserialize(WireInput.of(Unpooled.wrappedBuffer(data), LIMITS,
                        ApplicationStateTable.CASSANDRA_3), v, MessageSerializer.PayloadMode.STRICT);
            } catch (WireFormatException expected) {
                continue;
            }
            ByteBuf b = Unpooled.buffer();
            LegacyMessageSerializer.serialize(m, b, v);
            LegacyMessage back = LegacyMessageSerializer.deserialize(WireInput.of(b, LIMITS, ApplicationStateTable.CASSANDRA_3), v,
                    MessageSerializer.PayloadMode.STRICT);
            assertEquals(m, back);
        }
    }

    /** The socket-less decoder never throws: every input ends in events. */
    @FuzzTest(maxDuration = "3m")
    void streamDecoder(byte[] data) {
        for (StreamOptions o : new StreamOptions[] {StreamOptions.DEFAULT.withLimits(LIMITS),
            StreamOptions.DEFAULT.withLimits(LIMITS).withMidStreamFraming(null)}) {
            List<StreamEvent> events = new ArrayList<>();
            StreamDecoder d = new StreamDecoder(o, events::add);
            int third = data.length / 3;
            d.feed(java.util.Arrays.copyOfRange(data, 0, third));
            d.gap(data.length % 7 == 0 ? -1 : data.length % 5);
            d.feed(java.util.Arrays.copyOfRange(data, third, data.length));
            d.finish();
            for (StreamEvent e : events) {
                if (e instanceof StreamEvent.MessageSeen m && m.message() instanceof Message msg) {
                    reencodes(msg, MessagingVersion.V12);
                }
            }
        }
    }

    /**
     * The accepting side of a connection, fed what an initiator might send: a 4.0+ Initiate and
     * frames, or a pre-4.0 preamble, confirmation and unframed (LZ4Block) messages. As a 4.0/4.1
     * node (10..12) and as a 3.x node (10..11). Every input ends in messages or the codec's own
     * exception; every message decoded re-encodes to itself.
     */
    @FuzzTest(maxDuration = "3m")
    void handshakeAcceptor(byte[] data) {
        for (MessagingVersion max : new MessagingVersion[] {MessagingVersion.V12, MessagingVersion.V11}) {
            List<Object> got = new ArrayList<>();
            List<Throwable> foreign = new ArrayList<>();
            MessagingVersion[] version = new MessagingVersion[1];
            EmbeddedChannel ch = new EmbeddedChannel(new HandshakeAcceptor(MessagingVersion.V10, max, LIMITS, null),
                    new ChannelInboundHandlerAdapter() {
                        @Override
                        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                            if (evt instanceof HandshakeCompleted hc) {
                                version[0] = hc.version();
                            }
                        }

                        @Override
                        public void channelRead(ChannelHandlerContext ctx, Object msg) {
                            if (msg instanceof ByteBuf streaming) {
                                streaming.release(); // a streaming connection: bytes pass through undecoded
                            } else {
                                got.add(msg);
                            }
                        }

                        @Override
                        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                            // thrown here it would only be logged by Netty: kept and rethrown below
                            Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
                            if (!(c instanceof WireFormatException)) {
                                foreign.add(cause);
                            }
                        }
                    });
            int half = data.length / 2;
            ch.writeInbound(Unpooled.wrappedBuffer(data, 0, half));
            if (ch.isOpen()) {
                ch.writeInbound(Unpooled.wrappedBuffer(data, half, data.length - half));
            }
            ch.finishAndReleaseAll();
            if (!foreign.isEmpty()) {
                throw new AssertionError("not the codec's own exception", foreign.get(0));
            }
            for (Object o : got) {
                if (o instanceof Message m) {
                    reencodes(m, version[0]);
                } else if (o instanceof LegacyMessage lm) {
                    reencodesLegacy(lm, version[0]);
                } else {
                    throw new AssertionError("unexpected " + o);
                }
            }
        }
    }

    private static void reencodesLegacy(LegacyMessage m, MessagingVersion v) {
        ByteBuf b = Unpooled.buffer();
        LegacyMessageSerializer.serialize(m, b, v);
        assertEquals(b.readableBytes(), LegacyMessageSerializer.serializedSize(m, v));
        assertEquals(m, LegacyMessageSerializer.deserialize(WireInput.of(b, LIMITS, ApplicationStateTable.CASSANDRA_3), v,
                MessageSerializer.PayloadMode.STRICT));
    }

    /** Re-encodes at the version it was decoded with (GOSSIP_SHUTDOWN carries its state only from 13). */
    private static void reencodes(Message m, MessagingVersion v) {
        ByteBuf b = Unpooled.buffer();
        try {
            MessageSerializer.serialize(m, b, v);
            assertEquals(b.readableBytes(), m.serializedSize(v));
            Message back = MessageSerializer.deserialize(WireInput.of(b.duplicate(), LIMITS, ApplicationStateTable.CASSANDRA_5_0),
                    v, MessageSerializer.PayloadMode.STRICT);
            assertEquals(m, back, () -> "re-encoded " + ByteBufUtil.hexDump(b));
        } finally {
            b.release();
        }
    }
}
