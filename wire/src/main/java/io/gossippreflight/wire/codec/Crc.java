package io.gossippreflight.wire.codec;

import io.netty.buffer.ByteBuf;
import java.util.zip.CRC32;

/**
 * The two checksums of the internode protocol (Cassandra 5.0.9 net/Crc.java): CRC32 primed with
 * the protocol magic in little-endian order (FA 2D 55 CA), and a CRC24 (init 0x875060, poly
 * 0x1974F0B) over up to 8 bytes taken least-significant first, used for frame headers.
 */
public final class Crc {
    private static final byte[] PRIMER = {(byte) 0xFA, (byte) 0x2D, (byte) 0x55, (byte) 0xCA};
    private static final int CRC24_INIT = 0x875060;
    private static final int CRC24_POLY = 0x1974F0B;

    private Crc() {
    }

    /** A fresh primed CRC32. */
    public static CRC32 crc32() {
        CRC32 crc = new CRC32();
        crc.update(PRIMER, 0, PRIMER.length);
        return crc;
    }

    /** Primed CRC32 of {@code length} bytes at {@code index}, reader index untouched. */
    public static int crc32(ByteBuf buf, int index, int length) {
        CRC32 crc = crc32();
        if (buf.nioBufferCount() == 1) {
            crc.update(buf.nioBuffer(index, length));
        } else {
            for (java.nio.ByteBuffer b : buf.nioBuffers(index, length)) {
                crc.update(b);
            }
        }
        return (int) crc.getValue();
    }

    /** CRC24 of the low {@code len} bytes of {@code bytes}, least-significant byte first. */
    public static int crc24(long bytes, int len) {
        int crc = CRC24_INIT;
        while (len-- > 0) {
            crc ^= (int) ((bytes & 0xFF) << 16);
            bytes >>= 8;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= CRC24_POLY;
                }
            }
        }
        return crc;
    }
}
