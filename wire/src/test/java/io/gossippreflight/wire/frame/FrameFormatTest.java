package io.gossippreflight.wire.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class FrameFormatTest {
    static byte[] data(int n, boolean compressible) {
        byte[] b = new byte[n];
        SplittableRandom r = new SplittableRandom(n);
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (compressible ? "gossip-preflight ".charAt(i % 17) : r.nextInt(256));
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void roundTripAtSizeBoundaries(Framing framing) {
        FrameFormat f = FrameFormat.of(framing);
        for (int n : new int[] {0, 1, 1000, FrameFormat.MAX_PAYLOAD}) {
            for (boolean compressible : new boolean[] {true, false}) {
                for (boolean sc : new boolean[] {true, false}) {
                    byte[] payload = data(n, compressible);
                    ByteBuf frame = f.encode(Unpooled.wrappedBuffer(payload), sc, UnpooledByteBufAllocator.DEFAULT);
                    long header = f.readHeader(frame, 0);
                    assertTrue(f.headerValid(header));
                    assertEquals(frame.readableBytes(), f.frameLength(header));
                    assertEquals(sc, f.isSelfContained(header));
                    if (framing != Framing.LZ4 || !compressible) {
                        assertEquals(n + f.overhead(), frame.readableBytes());
                    }
                    Frame back = f.unpack(frame, 0, header, UnpooledByteBufAllocator.DEFAULT);
                    assertTrue(back.payloadCrcValid());
                    assertArrayEquals(payload, ByteBufUtil.getBytes(back.payload()));
                    back.release();
                    frame.release();
                }
            }
        }
        assertThrows(IllegalArgumentException.class,
                () -> f.encode(Unpooled.wrappedBuffer(new byte[FrameFormat.MAX_PAYLOAD + 1]), true, UnpooledByteBufAllocator.DEFAULT));
    }

    @Test
    void lz4StoresIncompressibleBodiesRawWithUncompressedLengthZero() {
        ByteBuf frame = Lz4FrameFormat.INSTANCE.encode(Unpooled.wrappedBuffer(data(500, false)), true, UnpooledByteBufAllocator.DEFAULT);
        long header = frame.getLongLE(0);
        assertEquals(500, header & 0x1FFFF);
        assertEquals(0, (header >>> 17) & 0x1FFFF);
        frame.release();
        ByteBuf small = Lz4FrameFormat.INSTANCE.encode(Unpooled.wrappedBuffer(data(5000, true)), true, UnpooledByteBufAllocator.DEFAULT);
        long h2 = small.getLongLE(0);
        assertEquals(5000, (h2 >>> 17) & 0x1FFFF);
        assertTrue((h2 & 0x1FFFF) < 500);
        small.release();
    }

    @Test
    void crcHeaderLayoutAndCorruption() {
        ByteBuf frame = CrcFrameFormat.INSTANCE.encode(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}), true, UnpooledByteBufAllocator.DEFAULT);
        // 3-byte LE word: length 3, bit 17 self-contained
        assertEquals(3, frame.getUnsignedByte(0));
        assertEquals(0, frame.getUnsignedByte(1));
        assertEquals(2, frame.getUnsignedByte(2));
        frame.setByte(7, frame.getByte(7) ^ 1);
        Frame bad = CrcFrameFormat.INSTANCE.unpack(frame, 0, CrcFrameFormat.INSTANCE.readHeader(frame, 0), UnpooledByteBufAllocator.DEFAULT);
        assertFalse(bad.payloadCrcValid());
        bad.release();
        frame.setByte(1, 1);
        assertFalse(CrcFrameFormat.INSTANCE.headerValid(CrcFrameFormat.INSTANCE.readHeader(frame, 0)));
        frame.release();
    }

    @Test
    void framerFollowsCassandrasLargeMessageRules() {
        assertEquals(100 + 10, MessageFramer.wireSize(100, CrcFrameFormat.INSTANCE));
        assertEquals(65_515 + 10, MessageFramer.wireSize(65_515, CrcFrameFormat.INSTANCE));
        // above the threshold: 32 KiB non-self-contained frames, at least two
        assertEquals(65_516 + 20, MessageFramer.wireSize(65_516, CrcFrameFormat.INSTANCE));
        assertEquals(200_000 + 7 * 10, MessageFramer.wireSize(200_000, CrcFrameFormat.INSTANCE));
        assertEquals(200_000 + 7 * 12, FramingPolicy.CASSANDRA.wireSize(200_000, Lz4FrameFormat.INSTANCE));
        MessageFramer framer = new MessageFramer(CrcFrameFormat.INSTANCE, io.gossippreflight.wire.MessagingVersion.V12,
                UnpooledByteBufAllocator.DEFAULT);
        var small = new io.gossippreflight.wire.message.Message(1, 0, 0, io.gossippreflight.wire.message.Verb.ECHO_REQ,
                io.gossippreflight.wire.message.NoPayload.INSTANCE);
        assertThrows(IllegalArgumentException.class, () -> framer.frameLarge(small), "one-frame large messages are never closed");
        assertThrows(IllegalArgumentException.class, () -> new FramingPolicy(100, 200));
    }

    /**
     * The scan for a header finds the same index as trying every byte, on a heap buffer (the
     * array path) and on a direct one, with real frames planted among random bytes and with
     * windows that start and end anywhere.
     */
    @ParameterizedTest
    @EnumSource(Framing.class)
    void nextValidHeaderFindsWhatTryingEveryByteFinds(Framing framing) {
        FrameFormat f = FrameFormat.of(framing);
        SplittableRandom r = new SplittableRandom(framing.ordinal());
        byte[] bytes = data(1 << 16, false);
        for (int k = 0; k < 40; k++) { // headers of real frames here and there
            ByteBuf frame = f.encode(Unpooled.wrappedBuffer(data(r.nextInt(300), r.nextBoolean())), r.nextBoolean(),
                    UnpooledByteBufAllocator.DEFAULT);
            frame.getBytes(0, bytes, r.nextInt(bytes.length - f.headerLength()), f.headerLength());
            frame.release();
        }
        ByteBuf heap = Unpooled.buffer(bytes.length + 16).writerIndex(7).readerIndex(7).writeBytes(bytes);
        byte[] padded = new byte[bytes.length + 5];
        System.arraycopy(bytes, 0, padded, 5, bytes.length);
        ByteBuf slice = Unpooled.wrappedBuffer(padded).slice(3, bytes.length + 2); // array offset 3
        ByteBuf direct = Unpooled.directBuffer(bytes.length).writeBytes(bytes);
        assertTrue(heap.hasArray() && slice.hasArray() && !direct.hasArray());
        int found = 0;
        for (int n = 0; n < 300; n++) {
            int from = r.nextInt(bytes.length - f.headerLength());
            int last = from + r.nextInt(Math.min(4096, bytes.length - f.headerLength() - from) + 1);
            int expected = -1;
            for (int i = from; i <= last; i++) {
                if (f.headerValid(f.readHeader(direct, i))) {
                    expected = i;
                    break;
                }
            }
            found += expected >= 0 ? 1 : 0;
            assertEquals(expected, f.nextValidHeader(direct, from, last));
            assertEquals(expected < 0 ? -1 : expected + 7, f.nextValidHeader(heap, from + 7, last + 7));
            assertEquals(expected < 0 ? -1 : expected + 2, f.nextValidHeader(slice, from + 2, last + 2));
        }
        assertTrue(found > 0, "some windows hold a planted header");
        heap.release();
        direct.release();
    }
}
