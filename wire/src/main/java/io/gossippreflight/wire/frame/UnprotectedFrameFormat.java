package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.codec.Crc;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/** Unprotected frames: the CRC frame header without a payload checksum (Cassandra 5.0.9 net/FrameEncoderUnprotected.java). */
public final class UnprotectedFrameFormat extends FrameFormat {
    public static final UnprotectedFrameFormat INSTANCE = new UnprotectedFrameFormat();

    private UnprotectedFrameFormat() {
    }

    @Override
    public Framing framing() {
        return Framing.UNPROTECTED;
    }

    @Override
    public int headerLength() {
        return CrcFrameFormat.HEADER_LENGTH;
    }

    @Override
    public int overhead() {
        return CrcFrameFormat.HEADER_LENGTH;
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
        return ((int) header & 0x1FFFF) + CrcFrameFormat.HEADER_LENGTH;
    }

    @Override
    public boolean isSelfContained(long header) {
        return (header & (1L << 17)) != 0;
    }

    @Override
    public Frame unpack(ByteBuf buf, int index, long header, ByteBufAllocator alloc) {
        int length = (int) header & 0x1FFFF;
        return new Frame(isSelfContained(header), buf.retainedSlice(index + CrcFrameFormat.HEADER_LENGTH, length), true,
                length + CrcFrameFormat.HEADER_LENGTH);
    }

    @Override
    public ByteBuf encode(ByteBuf payload, boolean selfContained, ByteBufAllocator alloc) {
        checkPayload(payload);
        int length = payload.readableBytes();
        ByteBuf out = alloc.buffer(length + CrcFrameFormat.HEADER_LENGTH);
        write6bHeader(out, selfContained, length);
        out.writeBytes(payload, payload.readerIndex(), length);
        return out;
    }
}
