package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The LZ4 block stream a compressed pre-4.0 connection uses after its handshake (lz4-java
 * LZ4BlockOutputStream as Cassandra 3.11.19 net/OutboundTcpConnection.java sets it up: 16 KiB
 * blocks, XXHash32 seed 0x9747B28C; layout also in Cassandra 4.1.10 net/LegacyLZ4Constants.java).
 * Block: "LZ4Block" magic, token (0x10 raw / 0x20 LZ4 | log2(block size) - 10), LE compressed
 * length, LE decompressed length, LE checksum of the decompressed bytes masked to 28 bits, data.
 * A block with both lengths 0 ends the stream.
 */
public final class Lz4BlockFormat {
    public static final byte[] MAGIC = {'L', 'Z', '4', 'B', 'l', 'o', 'c', 'k'};
    public static final int HEADER_LENGTH = 8 + 1 + 4 + 4 + 4;
    public static final int TYPE_RAW = 0x10;
    public static final int TYPE_LZ4 = 0x20;
    public static final int SEED = 0x9747B28C;
    public static final int CHECKSUM_MASK = 0x0FFFFFFF;
    /** Cassandra 3.x writes 16 KiB blocks. */
    public static final int DEFAULT_BLOCK_SIZE = 1 << 14;
    /** Largest block the format can declare (Cassandra 4.1.10 LegacyLZ4Constants.MAX_BLOCK_LENGTH). */
    public static final int MAX_BLOCK_SIZE = 1 << 25;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final XXHash32 XXHASH = XXHashFactory.fastestInstance().hash32();

    private Lz4BlockFormat() {
    }

    public static boolean magicAt(ByteBuf buf, int index) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (buf.getByte(index + i) != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes one block holding {@code len} bytes of {@code data} (at most the 16 KiB block size). */
    public static void encodeBlock(byte[] data, int off, int len, ByteBuf out) {
        if (len > DEFAULT_BLOCK_SIZE) {
            throw new IllegalArgumentException("block of " + len + " bytes exceeds " + DEFAULT_BLOCK_SIZE);
        }
        LZ4Compressor c = LZ4.fastCompressor();
        byte[] dst = new byte[c.maxCompressedLength(len)];
        int n = len == 0 ? 0 : c.compress(data, off, len, dst, 0, dst.length);
        boolean raw = n >= len;
        int level = Integer.numberOfTrailingZeros(DEFAULT_BLOCK_SIZE) - 10;
        out.writeBytes(MAGIC);
        out.writeByte((raw ? TYPE_RAW : TYPE_LZ4) | level);
        out.writeIntLE(raw ? len : n);
        out.writeIntLE(len);
        out.writeIntLE(XXHASH.hash(data, off, len, SEED) & CHECKSUM_MASK);
        out.writeBytes(raw ? data : dst, raw ? off : 0, raw ? len : n);
    }

    /** Writes {@code data} as consecutive blocks, as a flush of the stream would. */
    public static void encode(byte[] data, ByteBuf out) {
        for (int off = 0; off < data.length; off += DEFAULT_BLOCK_SIZE) {
            encodeBlock(data, off, Math.min(DEFAULT_BLOCK_SIZE, data.length - off), out);
        }
    }

    /** The end-of-stream block LZ4BlockOutputStream.finish() writes. */
    public static void encodeEnd(ByteBuf out) {
        int level = Integer.numberOfTrailingZeros(DEFAULT_BLOCK_SIZE) - 10;
        out.writeBytes(MAGIC);
        out.writeByte(TYPE_RAW | level);
        out.writeIntLE(0);
        out.writeIntLE(0);
        out.writeIntLE(0);
    }

    /**
     * Size of the whole block at {@code index} (header present), or throws when the header is not
     * a valid block header.
     */
    public static int blockLength(ByteBuf buf, int index) {
        if (!magicAt(buf, index)) {
            throw new WireFormatException("LZ4Block magic missing", 0);
        }
        int token = buf.getUnsignedByte(index + 8);
        int type = token & 0xF0;
        int compressed = buf.getIntLE(index + 9);
        int decompressed = buf.getIntLE(index + 13);
        int maxDecompressed = 1 << ((token & 0x0F) + 10);
        if (type != TYPE_RAW && type != TYPE_LZ4) {
            throw new WireFormatException("LZ4Block: unknown block type " + Integer.toHexString(type), 8);
        }
        if (compressed < 0 || compressed > MAX_BLOCK_SIZE || decompressed < 0 || decompressed > maxDecompressed) {
            throw new WireFormatException("LZ4Block: lengths " + compressed + "/" + decompressed + " out of range", 9);
        }
        if (type == TYPE_LZ4 && compressed > decompressed + decompressed / 255 + 16) {
            // more than LZ4 can ever need for these bytes (lz4-java maxCompressedLength): refuse before waiting for it
            throw new WireFormatException("LZ4Block: " + compressed + " compressed bytes for " + decompressed, 9);
        }
        if (type == TYPE_LZ4 && decompressed > compressed * 255L + 64) {
            // LZ4 cannot expand more than ~255:1; refuse before allocating the output
            throw new WireFormatException("LZ4Block: " + decompressed + " bytes cannot come from " + compressed, 13);
        }
        if ((decompressed == 0) != (compressed == 0) || (type == TYPE_RAW && compressed != decompressed)) {
            throw new WireFormatException("LZ4Block: compressed " + compressed + " and decompressed " + decompressed
                    + " lengths disagree", 9);
        }
        return HEADER_LENGTH + compressed;
    }

    /** Decompressed bytes of the block at {@code index} (whole block present); checks the checksum. */
    public static byte[] decodeBlock(ByteBuf buf, int index) {
        int token = buf.getUnsignedByte(index + 8);
        int compressed = buf.getIntLE(index + 9);
        int decompressed = buf.getIntLE(index + 13);
        int checksum = buf.getIntLE(index + 17);
        if (decompressed == 0) {
            return new byte[0]; // end-of-stream block: no data, checksum field 0
        }
        byte[] src = new byte[compressed];
        buf.getBytes(index + HEADER_LENGTH, src);
        byte[] out;
        if ((token & 0xF0) == TYPE_RAW) {
            out = src;
        } else {
            LZ4SafeDecompressor d = LZ4.safeDecompressor();
            out = new byte[decompressed];
            int n;
            try {
                n = d.decompress(src, 0, compressed, out, 0, decompressed);
            } catch (LZ4Exception e) {
                throw new WireFormatException("LZ4Block does not decompress: " + e.getMessage(), HEADER_LENGTH);
            }
            if (n != decompressed) {
                throw new WireFormatException("LZ4Block decompressed to " + n + " bytes, header said " + decompressed,
                        HEADER_LENGTH);
            }
        }
        int computed = XXHASH.hash(out, 0, out.length, SEED) & CHECKSUM_MASK;
        if (computed != checksum) {
            throw new WireFormatException(String.format("LZ4Block checksum mismatch: read %07x, computed %07x", checksum,
                    computed), 17);
        }
        return out;
    }
}
