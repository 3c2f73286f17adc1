package io.gossippreflight.wire.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CrcTest {
    @Test
    void handshakeAcceptCrcMatchesRealCassandra() {
        // Accept(max 12, use 12) sent by Cassandra 5.0.9 in two-node-join: 0000000c 0000000c 26f5673a
        byte[] accept = HexFormat.of().parseHex("0000000c0000000c");
        assertEquals(0x26f5673a, Crc.crc32(Unpooled.wrappedBuffer(accept), 0, 8));
    }

    @Test
    void crc24IsAtMost24BitsAndDependsOnEveryByte() {
        int a = Crc.crc24(0x020000 | 123, 3);
        int b = Crc.crc24(123, 3);
        assertEquals(0, a >>> 24);
        assertEquals(false, a == b);
    }

    /** The CRC24 bit by bit, as its definition reads: what the table-driven one must equal. */
    private static int crc24Bitwise(long bytes, int len) {
        int crc = 0x875060;
        for (int k = 0; k < len; k++) {
            crc ^= (int) ((bytes >>> (8 * k)) & 0xFF) << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= 0x1974F0B;
                }
            }
        }
        return crc;
    }

    @Test
    void crc24EqualsTheBitwiseDefinitionForEveryLength() {
        SplittableRandom r = new SplittableRandom(24);
        for (int n = 0; n < 20_000; n++) {
            long v = n < 256 ? n | (long) n << 56 : r.nextLong();
            for (int len = 0; len <= 8; len++) {
                assertEquals(crc24Bitwise(v, len), Crc.crc24(v, len), "len " + len + " of " + Long.toHexString(v));
            }
            int b0 = (int) v & 0xFF;
            int b1 = (int) (v >>> 8) & 0xFF;
            int b2 = (int) (v >>> 16) & 0xFF;
            assertEquals(crc24Bitwise(v, 3), Crc.crc24(b0, b1, b2));
        }
    }
}
