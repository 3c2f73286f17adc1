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
import io.gossippreflight.wire.netty.MessageDecoder;
import io.gossippreflight.wire.stream.StreamDecoder;
import io.gossippreflight.wire.stream.StreamEvent;
import io.gossippreflight.wire.stream.StreamOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
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
