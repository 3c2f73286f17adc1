package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.codec.Crc;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The CRC and unprotected formats, which share their 6-byte header (Cassandra 5.0.9
 * net/FrameEncoderCrc.java writeHeader): a 3-byte LE word {bits 0-16 payload length, bit 17
 * self-contained} and its CRC24 (3 bytes LE). They differ only in the payload checksum after the body.
 */
abstract class SixByteHeaderFormat extends FrameFormat {
    static final int HEADER_LENGTH = 6;

    SixByteHeaderFormat(Framing framing, int trailerLength) {
        super(framing, HEADER_LENGTH, trailerLength);
    }

    /** Whether the payload of {@code length} bytes at {@code index} matches the trailer after it. */
    abstract boolean payloadValid(ByteBuf buf, int index, int length);

    /** Writes the trailer for {@code length} bytes of {@code payload} (from its reader index). */
    abstract void writeTrailer(ByteBuf out, ByteBuf payload, int length);

    private static int payloadLength(long header) {
        return (int) header & 0x1FFFF;
    }

    @Override
    public final long readHeader(ByteBuf buf, int index) {
        return (buf.getUnsignedMediumLE(index) & 0xFFFFFFL) | ((long) buf.getUnsignedMediumLE(index + 3) << 24);
    }

    @Override
    public final boolean headerValid(long header) {
        return Crc.crc24(header, 3) == (int) ((header >>> 24) & 0xFFFFFF);
    }

    /** As the general scan, reading a heap buffer's array directly: a few table lookups per byte. */
    @Override
    public final int nextValidHeader(ByteBuf buf, int from, int last) {
        if (!buf.hasArray()) {
            return super.nextValidHeader(buf, from, last);
        }
        byte[] a = buf.array();
        int base = buf.arrayOffset();
        for (int i = from + base, end = last + base; i <= end; i++) {
            int crc = Crc.crc24(a[i] & 0xFF, a[i + 1] & 0xFF, a[i + 2] & 0xFF);
            if ((crc & 0xFF) == (a[i + 3] & 0xFF) && ((crc >>> 8) & 0xFF) == (a[i + 4] & 0xFF)
                    && crc >>> 16 == (a[i + 5] & 0xFF)) {
                return i - base;
            }
        }
        return -1;
    }

    @Override
    public final int frameLength(long header) {
        return payloadLength(header) + overhead();
    }

    @Override
    public final boolean isSelfContained(long header) {
        return (header & (1L << 17)) != 0;
    }

    @Override
    public final Frame unpack(ByteBuf buf, int index, long header, ByteBufAllocator alloc) {
        int length = payloadLength(header);
        boolean valid = payloadValid(buf, index + HEADER_LENGTH, length);
        return new Frame(isSelfContained(header), buf.retainedSlice(index + HEADER_LENGTH, length), valid,
                length + overhead());
    }

    @Override
    public final ByteBuf encode(ByteBuf payload, boolean selfContained, ByteBufAllocator alloc) {
        checkPayload(payload);
        int length = payload.readableBytes();
        ByteBuf out = alloc.buffer(length + overhead());
        int header3b = length | (selfContained ? 1 << 17 : 0);
        out.writeMediumLE(header3b);
        out.writeMediumLE(Crc.crc24(header3b, 3));
        out.writeBytes(payload, payload.readerIndex(), length);
        writeTrailer(out, payload, length);
        return out;
    }
}
