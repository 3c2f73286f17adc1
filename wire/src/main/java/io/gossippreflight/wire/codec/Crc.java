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

    /**
     * The CRC24 register after one byte, by the register's top byte XOR that byte: the eight
     * shift-and-reduce steps of {@link #crc24} done once per value. The register's low 16 bits
     * only shift up 8 (they never reach bit 24), so they combine with the table by XOR.
     */
    private static final int[] CRC24_TABLE = new int[256];

    static {
        for (int v = 0; v < 256; v++) {
            int crc = v << 16;
            for (int i = 0; i < 8; i++) {
                crc <<= 1;
                if ((crc & 0x1000000) != 0) {
                    crc ^= CRC24_POLY;
                }
            }
            CRC24_TABLE[v] = crc;
        }
    }

    /** CRC24 of the low {@code len} bytes of {@code bytes}, least-significant byte first. */
    public static int crc24(long bytes, int len) {
        int crc = CRC24_INIT;
        while (len-- > 0) {
            crc = crc24Step(crc, (int) bytes);
            bytes >>>= 8;
        }
        return crc;
    }

    /** CRC24 of 3 bytes {@code b0, b1, b2} (each 0-255), in that order: a frame header's {@code crc24(word, 3)}. */
    public static int crc24(int b0, int b1, int b2) {
        return crc24Step(crc24Step(crc24Step(CRC24_INIT, b0), b1), b2);
    }

    /** The CRC24 register {@code crc} after the byte {@code b} (its low 8 bits). */
    public static int crc24Step(int crc, int b) {
        return ((crc << 8) & 0xFFFFFF) ^ CRC24_TABLE[((crc >>> 16) ^ b) & 0xFF];
    }
}
