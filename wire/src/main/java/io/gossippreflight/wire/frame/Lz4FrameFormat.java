package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.Crc;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 frames (Cassandra 5.0.9 net/FrameEncoderLZ4.java, FrameDecoderLZ4.java): 8-byte LE header
 * {bits 0-16 compressed length, 17-33 uncompressed length, 34 self-contained, 40-63 CRC24 of the
 * first 5 bytes}, an LZ4 block, primed CRC32 of the compressed bytes (LE). Uncompressed length 0
 * means the body is stored raw because compression did not shrink it.
 */
public final class Lz4FrameFormat extends FrameFormat {
    public static final Lz4FrameFormat INSTANCE = new Lz4FrameFormat();
    public static final int HEADER_LENGTH = 8;
    public static final int TRAILER_LENGTH = 4;

    /**
     * The Java port of LZ4's fast compressor: its output is byte for byte what real Cassandra 5.0.9
     * nodes put in their frames (every compressed frame of fixtures/captures/cassandra-5.0.9-modes
     * re-encodes identically with it), while the JNI build of liblz4 this library bundles finds
     * different matches (frames a byte shorter). The same bytes matter: the probe predicts the
     * on-wire size of a compressed message, and the analyzer re-encodes what it decoded.
     */
    private final LZ4Compressor compressor = LZ4Factory.safeInstance().fastCompressor();
    private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();

    private Lz4FrameFormat() {
        super(Framing.LZ4, HEADER_LENGTH, TRAILER_LENGTH);
    }

    @Override
    public long readHeader(ByteBuf buf, int index) {
        return buf.getLongLE(index);
    }

    @Override
    public boolean headerValid(long header) {
        return Crc.crc24(header, 5) == (int) ((header >>> 40) & 0xFFFFFF);
    }

    private static int compressedLength(long header) {
        return (int) header & 0x1FFFF;
    }

    private static int uncompressedLength(long header) {
        return (int) (header >>> 17) & 0x1FFFF;
    }

    @Override
    public int frameLength(long header) {
        return compressedLength(header) + HEADER_LENGTH + TRAILER_LENGTH;
    }

    @Override
    public boolean isSelfContained(long header) {
        return (header & (1L << 34)) != 0;
    }

    @Override
    public Frame unpack(ByteBuf buf, int index, long header, ByteBufAllocator alloc) {
        int compressed = compressedLength(header);
        int uncompressed = uncompressedLength(header);
        int wire = compressed + HEADER_LENGTH + TRAILER_LENGTH;
        int read = buf.getIntLE(index + HEADER_LENGTH + compressed);
        int computed = Crc.crc32(buf, index + HEADER_LENGTH, compressed);
        if (read != computed) {
            return new Frame(isSelfContained(header), buf.retainedSlice(index + HEADER_LENGTH, compressed), false, wire);
        }
        if (uncompressed == 0) {
            return new Frame(isSelfContained(header), buf.retainedSlice(index + HEADER_LENGTH, compressed), true, wire);
        }
        byte[] src = new byte[compressed];
        buf.getBytes(index + HEADER_LENGTH, src);
        byte[] dst = new byte[uncompressed];
        int n;
        try {
            n = decompressor.decompress(src, 0, compressed, dst, 0, uncompressed);
        } catch (LZ4Exception e) {
            throw new WireFormatException("LZ4 frame does not decompress: " + e.getMessage(), HEADER_LENGTH);
        }
        if (n != uncompressed) {
            throw new WireFormatException("LZ4 frame decompressed to " + n + " bytes, header said " + uncompressed, HEADER_LENGTH);
        }
        ByteBuf out = alloc.heapBuffer(uncompressed);
        out.writeBytes(dst);
        return new Frame(isSelfContained(header), out, true, wire);
    }

    @Override
    public ByteBuf encode(ByteBuf payload, boolean selfContained, ByteBufAllocator alloc) {
        checkPayload(payload);
        int length = payload.readableBytes();
        byte[] src = new byte[length];
        payload.getBytes(payload.readerIndex(), src);
        byte[] dst = new byte[compressor.maxCompressedLength(length)];
        int compressed = compressor.compress(src, 0, length, dst, 0, dst.length);
        int uncompressedField = length;
        byte[] body = dst;
        if (compressed >= length) {
            body = src;
            compressed = length;
            uncompressedField = 0;
        }
        long header5b = compressed | ((long) uncompressedField << 17) | (selfContained ? 1L << 34 : 0);
        long header8b = header5b | ((long) Crc.crc24(header5b, 5) << 40);
        ByteBuf out = alloc.buffer(compressed + HEADER_LENGTH + TRAILER_LENGTH);
        out.writeLongLE(header8b);
        int bodyStart = out.writerIndex();
        out.writeBytes(body, 0, compressed);
        out.writeIntLE(Crc.crc32(out, bodyStart, compressed));
        return out;
    }
}
