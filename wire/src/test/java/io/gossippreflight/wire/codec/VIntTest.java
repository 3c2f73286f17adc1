package io.gossippreflight.wire.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.RoundTrip;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VIntTest {
    private static byte[] enc(long v) {
        ByteBuf b = Unpooled.buffer();
        VInt.write(b, v);
        return RoundTrip.bytes(b);
    }

    private static long dec(byte[] b) {
        WireInput in = WireInput.of(Unpooled.wrappedBuffer(b), DecoderLimits.DEFAULT, null);
        long v = in.readUnsignedVInt("v");
        assertEquals(0, in.remaining());
        return v;
    }

    @Test
    void knownEncodings() {
        HexFormat hex = HexFormat.of();
        // values seen in real 5.0.9 headers: expiresIn 300000 = 0x493E0 -> 3 bytes; verb 14 -> 1 byte
        assertArrayEquals(hex.parseHex("00"), enc(0));
        assertArrayEquals(hex.parseHex("7f"), enc(127));
        assertArrayEquals(hex.parseHex("8080"), enc(128));
        assertArrayEquals(hex.parseHex("bfff"), enc(16383));
        assertArrayEquals(hex.parseHex("c04000"), enc(16384));
        assertArrayEquals(hex.parseHex("c493e0"), enc(300000));
        assertArrayEquals(hex.parseHex("ff8000000000000000"), enc(Long.MIN_VALUE));
        assertArrayEquals(hex.parseHex("ffffffffffffffffff"), enc(-1L));
    }

    @Test
    void roundTripsAndSizesAcrossMagnitudes() {
        for (int bits = 0; bits < 64; bits++) {
            for (long v : new long[] {(1L << bits) - 1, 1L << bits, (1L << bits) + 1}) {
                byte[] b = enc(v);
                assertEquals(b.length, VInt.sizeOf(v), "size of " + v);
                assertEquals(v, dec(b));
                ByteBuf buf = Unpooled.wrappedBuffer(b);
                assertEquals(b.length, VInt.peekSize(buf, 0, b.length));
                assertEquals(-1, VInt.peekSize(buf, 0, b.length - 1));
            }
        }
    }
}
