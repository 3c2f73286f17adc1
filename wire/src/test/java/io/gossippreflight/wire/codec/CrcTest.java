package io.gossippreflight.wire.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.util.HexFormat;
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
}
