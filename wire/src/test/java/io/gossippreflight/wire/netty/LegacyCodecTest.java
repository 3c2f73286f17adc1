package io.gossippreflight.wire.netty;

import static io.gossippreflight.wire.netty.LegacyFixtures.inbound;
import static io.gossippreflight.wire.netty.LegacyFixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.LegacyVerb;
import io.gossippreflight.wire.message.RawPayload;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jpountz.lz4.LZ4BlockInputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;

/** The pre-4.0 stream codecs on their own: limits before allocation, LZ4Block blocks as a 3.x node writes them. */
class LegacyCodecTest {
    static final MessagingVersion V11 = MessagingVersion.V11;

    static byte[] serialized(LegacyMessage m) {
        ByteBuf b = Unpooled.buffer();
        LegacyMessageSerializer.serialize(m, b, V11);
        return io.gossippreflight.wire.RoundTrip.bytes(b);
    }

    static WireFormatException failure(EmbeddedChannel ch, byte[] input) {
        DecoderException e = assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(input)));
        assertFalse(ch.isOpen(), "a violation closes the channel");
        return assertInstanceOf(WireFormatException.class, e.getCause());
    }

    @Test
    void messageOverTheLimitIsRejectedFromItsHeaderAlone() {
        LegacyMessage big = new LegacyMessage(1, 2, LegacyFixtures.NODE3, LegacyVerb.MUTATION, new RawPayload(new byte[100_000]));
        byte[] s = serialized(big);
        int header = s.length - 100_000;
        EmbeddedChannel ch = new EmbeddedChannel(new LegacyMessageDecoder(V11, new DecoderLimits(4096, 100, 100), null));
        WireFormatException e = failure(ch, java.util.Arrays.copyOf(s, header));
        assertTrue(e.getMessage().contains("payload size 100000"), e.getMessage());
        assertFalse(ch.finish());

        // within the limit the same message decodes once all of it is there, and not before
        EmbeddedChannel ok = new EmbeddedChannel(new LegacyMessageDecoder(V11));
        ok.writeInbound(Unpooled.wrappedBuffer(s, 0, s.length - 1));
        assertEquals(List.of(), inbound(ok));
        ok.writeInbound(Unpooled.wrappedBuffer(s, s.length - 1, 1));
        assertEquals(List.of(big), inbound(ok));
        assertFalse(ok.finish());
    }

    @Test
    void wrongMagicFailsOnItsFourBytes() {
        EmbeddedChannel ch = new EmbeddedChannel(new LegacyMessageDecoder(V11));
        WireFormatException e = failure(ch, "GET ".getBytes());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void blockHeaderLyingAboutItsLengthsIsRejectedBeforeWaiting() {
        // an LZ4 block of 16 KiB claiming 1 MiB of compressed bytes: more than LZ4 ever needs
        ByteBuf h = Unpooled.buffer();
        h.writeBytes(Lz4BlockFormat.MAGIC).writeByte(Lz4BlockFormat.TYPE_LZ4 | 4).writeIntLE(1 << 20).writeIntLE(1 << 14).writeIntLE(0);
        WireFormatException e = failure(new EmbeddedChannel(new Lz4BlockDecoder()), io.gossippreflight.wire.RoundTrip.bytes(h));
        assertTrue(e.getMessage().contains("compressed bytes"), e.getMessage());
        // a 16 KiB block size (level 4) holding 1 MiB
        ByteBuf h2 = Unpooled.buffer();
        h2.writeBytes(Lz4BlockFormat.MAGIC).writeByte(Lz4BlockFormat.TYPE_RAW | 4).writeIntLE(1 << 20).writeIntLE(1 << 20).writeIntLE(0);
        assertTrue(failure(new EmbeddedChannel(new Lz4BlockDecoder()), io.gossippreflight.wire.RoundTrip.bytes(h2)).getMessage()
                .contains("out of range"));
    }

    @Test
    void badChecksumAndBytesAfterTheEndBlockClose() {
        ByteBuf b = Unpooled.buffer();
        Lz4BlockFormat.encode(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, b);
        byte[] block = io.gossippreflight.wire.RoundTrip.bytes(b);
        block[block.length - 1] ^= 1;
        assertTrue(failure(new EmbeddedChannel(new Lz4BlockDecoder()), block).getMessage().contains("checksum"));

        ByteBuf end = Unpooled.buffer();
        Lz4BlockFormat.encodeEnd(end);
        EmbeddedChannel ch = new EmbeddedChannel(new Lz4BlockDecoder());
        ch.writeInbound(end);
        assertEquals(List.of(), inbound(ch));
        assertTrue(ch.isOpen());
        assertTrue(failure(ch, new byte[] {1}).getMessage().contains("after the LZ4Block end-of-stream block"));
        assertFalse(ch.finish());
    }

    @Test
    void writesBetweenFlushesShareABlockAndPromisesWaitForIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new Lz4BlockEncoder());
        List<ChannelFuture> writes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            writes.add(ch.write(Unpooled.wrappedBuffer(new byte[] {(byte) i, 1, 2, 3})));
        }
        assertTrue(writes.stream().noneMatch(ChannelFuture::isDone), "bytes still in the block");
        assertNull(ch.readOutbound());
        ch.flush();
        assertTrue(writes.stream().allMatch(ChannelFuture::isSuccess));
        ByteBuf one = ch.readOutbound();
        assertNull(ch.readOutbound(), "one block for the three writes");
        assertEquals(12, one.getIntLE(13), "decompressed length");
        assertArrayEquals(new byte[] {0, 1, 2, 3, 1, 1, 2, 3, 2, 1, 2, 3}, Lz4BlockFormat.decodeBlock(one, 0));
        one.release();
        assertFalse(ch.finish());
    }

    @Test
    void largeWritesFillSixteenKibBlocksReadableByLz4Java() throws Exception {
        byte[] data = new byte[40_000];
        new Random(7).nextBytes(data);
        for (int i = 0; i < 20_000; i++) {
            data[i] = (byte) (i % 7); // compressible first half, random second half (stored raw)
        }
        EmbeddedChannel ch = new EmbeddedChannel(new Lz4BlockEncoder());
        ChannelFuture f = ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertTrue(f.isSuccess());
        List<Integer> lengths = new ArrayList<>();
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            lengths.add(b.getIntLE(13));
            all.writeBytes(b);
            b.release();
        }
        assertEquals(List.of(16384, 16384, 40_000 - 32768), lengths);
        Lz4BlockFormat.encodeEnd(all); // lz4-java reads to the end-of-stream block
        byte[] stream = io.gossippreflight.wire.RoundTrip.bytes(all);
        try (LZ4BlockInputStream in = new LZ4BlockInputStream(new ByteArrayInputStream(stream), LZ4Factory.fastestInstance()
                .fastDecompressor(), XXHashFactory.fastestInstance().newStreamingHash32(Lz4BlockFormat.SEED).asChecksum())) {
            assertArrayEquals(data, in.readAllBytes());
        }
        // and our decoder gives the same bytes back
        EmbeddedChannel dec = new EmbeddedChannel(new Lz4BlockDecoder());
        dec.writeInbound(Unpooled.wrappedBuffer(stream));
        ByteBuf back = Unpooled.buffer();
        for (Object o : inbound(dec)) {
            back.writeBytes((ByteBuf) o);
            ((ByteBuf) o).release();
        }
        assertArrayEquals(data, io.gossippreflight.wire.RoundTrip.bytes(back));
        assertFalse(ch.finish());
        assertFalse(dec.finish());
    }

    @Test
    void closeSendsWhatIsBuffered() {
        EmbeddedChannel ch = new EmbeddedChannel(new Lz4BlockEncoder());
        ChannelFuture w = ch.write(Unpooled.wrappedBuffer(new byte[] {9, 9, 9}));
        ch.close();
        assertTrue(w.isSuccess());
        byte[] out = outbound(ch);
        assertEquals(Lz4BlockFormat.HEADER_LENGTH + 3, out.length);
        assertFalse(ch.finish());
    }

    @Test
    void encoderRejectsModernVersions() {
        assertThrows(IllegalArgumentException.class, () -> new LegacyMessageEncoder(MessagingVersion.V12));
        assertThrows(IllegalArgumentException.class, () -> new LegacyMessageDecoder(MessagingVersion.V13));
        assertThrows(IllegalArgumentException.class, () -> new LegacyHandshakeInitiator(MessagingVersion.V12, false,
                LegacyFixtures.NODE3));
    }
}
