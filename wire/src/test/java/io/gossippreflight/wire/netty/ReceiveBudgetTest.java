package io.gossippreflight.wire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.FramingPolicy;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.message.RawPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bytes held for a message assembled from several frames are reserved up front and always given back. */
class ReceiveBudgetTest {
    /** Records reservations; refuses beyond {@code limit}. */
    static final class Recording implements ReceiveBudget {
        final long limit;
        long held;
        final List<Long> reserved = new ArrayList<>();

        Recording(long limit) {
            this.limit = limit;
        }

        @Override
        public void reserve(long bytes) {
            if (held + bytes > limit) {
                throw new ReceiveLimitException("over " + limit);
            }
            held += bytes;
            reserved.add(bytes);
        }

        @Override
        public void release(long bytes) {
            held -= bytes;
        }
    }

    private static List<ByteBuf> frames(Message m, int frameSize) {
        EmbeddedChannel out = new EmbeddedChannel(new FrameEncoder(CrcFrameFormat.INSTANCE),
                new MessageEncoder(NettyCodecTest.V, new FramingPolicy(frameSize, frameSize)));
        assertTrue(out.writeOutbound(m));
        List<ByteBuf> f = new ArrayList<>();
        for (ByteBuf b; (b = out.readOutbound()) != null; ) {
            f.add(b);
        }
        assertFalse(out.finish());
        return f;
    }

    private static EmbeddedChannel decoder(ReceiveBudget b) {
        return new EmbeddedChannel(new FrameDecoder(FrameFormat.of(Framing.CRC)),
                new MessageDecoder(NettyCodecTest.V, DecoderLimits.DEFAULT, null, b));
    }

    private static final Message BIG = new Message(1, 0, 0, Verb.SCHEMA_PULL_RSP, new RawPayload(new byte[50_000]));

    @Test
    void theWholeSizeIsReservedAtTheFirstFrameAndReleasedWhenComplete() {
        Recording b = new Recording(1 << 20);
        EmbeddedChannel ch = decoder(b);
        List<ByteBuf> f = frames(BIG, 4000);
        assertTrue(f.size() > 10);
        ch.writeInbound(f.get(0));
        assertEquals(List.of((long) BIG.serializedSize(NettyCodecTest.V)), b.reserved);
        assertEquals(BIG.serializedSize(NettyCodecTest.V), b.held);
        for (ByteBuf x : f.subList(1, f.size())) {
            ch.writeInbound(x);
        }
        assertEquals(BIG, ch.readInbound());
        assertEquals(0, b.held);
        assertFalse(ch.finish());
    }

    @Test
    void closingMidMessageGivesTheBytesBack() {
        Recording b = new Recording(1 << 20);
        EmbeddedChannel ch = decoder(b);
        List<ByteBuf> f = frames(BIG, 4000);
        ch.writeInbound(f.get(0));
        ch.writeInbound(f.get(1));
        assertTrue(b.held > 0);
        ch.close();
        assertEquals(0, b.held);
        f.subList(2, f.size()).forEach(ByteBuf::release);
    }

    @Test
    void aMessageOverTheBudgetClosesTheConnectionBeforeAllocating() {
        Recording b = new Recording(10_000);
        EmbeddedChannel ch = decoder(b);
        List<ByteBuf> f = frames(BIG, 4000);
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(f.get(0)));
        assertInstanceOf(ReceiveLimitException.class, e.getCause());
        assertFalse(ch.isOpen());
        assertEquals(0, b.held);
        f.subList(1, f.size()).forEach(ByteBuf::release);
    }

    @Test
    void aHeaderThatDoesNotFitItsFirstFrameIsRefused() {
        // a first non-self-contained frame of 3 bytes: the header's id and nothing more
        ByteBuf payload = Unpooled.wrappedBuffer(new byte[] {1, 0, 0});
        ByteBuf frame = CrcFrameFormat.INSTANCE.encode(payload, false, io.netty.buffer.ByteBufAllocator.DEFAULT);
        Recording b = new Recording(1 << 20);
        EmbeddedChannel ch = decoder(b);
        byte[] bytes = ByteBufUtil.getBytes(frame);
        frame.release();
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(bytes)));
        assertInstanceOf(WireFormatException.class, e.getCause());
        assertTrue(e.getCause().getMessage().contains("does not fit its first frame"), e.getCause().getMessage());
        assertEquals(List.of(), b.reserved);
    }
}
