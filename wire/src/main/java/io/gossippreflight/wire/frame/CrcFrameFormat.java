package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.codec.Crc;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * CRC frames (Cassandra 5.0.9 net/FrameEncoderCrc.java, FrameDecoderCrc.java): 3-byte LE word
 * {bits 0-16 payload length, bit 17 self-contained}, its CRC24 (3 bytes LE), payload, primed
 * CRC32 of the payload written little-endian.
 */
public final class CrcFrameFormat extends FrameFormat {
    public static final CrcFrameFormat INSTANCE = new CrcFrameFormat();
    public static final int HEADER_LENGTH = 6;
    public static final int TRAILER_LENGTH = 4;

    private CrcFrameFormat() {
    }

    @Override
    public Framing framing() {
        return Framing.CRC;
    }

    @Override
    public int headerLength() {
        return HEADER_LENGTH;
    }

    @Override
    public int overhead() {
        return HEADER_LENGTH + TRAILER_LENGTH;
    }

    @Override
    public long readHeader(ByteBuf buf, int index) {
        return read6bHeader(buf, index);
    }

    @Override
    public boolean headerValid(long header) {
        return Crc.crc24(header, 3) == (int) ((header >>> 24) & 0xFFFFFF);
    }

    @Override
    public int frameLength(long header) {
        return ((int) header & 0x1FFFF) + HEADER_LENGTH + TRAILER_LENGTH;
    }

    @Override
    public boolean isSelfContained(long header) {
        return (header & (1L << 17)) != 0;
    }

    @Override
    public Frame unpack(ByteBuf buf, int index, long header, ByteBufAllocator alloc) {
        int length = (int) header & 0x1FFFF;
        int read = buf.getIntLE(index + HEADER_LENGTH + length);
        int computed = Crc.crc32(buf, index + HEADER_LENGTH, length);
        return new Frame(isSelfContained(header), buf.retainedSlice(index + HEADER_LENGTH, length), read == computed,
                length + HEADER_LENGTH + TRAILER_LENGTH);
    }

    @Override
    public ByteBuf encode(ByteBuf payload, boolean selfContained, ByteBufAllocator alloc) {
        checkPayload(payload);
        int length = payload.readableBytes();
        ByteBuf out = alloc.buffer(length + HEADER_LENGTH + TRAILER_LENGTH);
        write6bHeader(out, selfContained, length);
        out.writeBytes(payload, payload.readerIndex(), length);
        out.writeIntLE(Crc.crc32(payload, payload.readerIndex(), length));
        return out;
    }
}
