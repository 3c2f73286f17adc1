package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Layout of one 4.0+ frame format. Headers are little-endian bit fields protected by a CRC24;
 * a header whose CRC24 fails cannot be trusted for its length, so callers resynchronise.
 */
public abstract class FrameFormat {
    /** Largest payload a frame can carry: the 17-bit length field (Cassandra 5.0.9 net/FrameEncoder.java). */
    public static final int MAX_PAYLOAD = (1 << 17) - 1;

    public static FrameFormat of(Framing framing) {
        return switch (framing) {
            case CRC -> CrcFrameFormat.INSTANCE;
            case UNPROTECTED -> UnprotectedFrameFormat.INSTANCE;
            case LZ4 -> Lz4FrameFormat.INSTANCE;
        };
    }

    public abstract Framing framing();

    public abstract int headerLength();

    /** Header and trailer bytes around the payload (for exact on-wire sizes). */
    public abstract int overhead();

    /** The raw header bits at {@code index}; the caller ensures {@link #headerLength()} bytes are there. */
    public abstract long readHeader(ByteBuf buf, int index);

    public abstract boolean headerValid(long header);

    /** Whole frame on the wire (header + body + trailer) for a valid header. */
    public abstract int frameLength(long header);

    public abstract boolean isSelfContained(long header);

    /**
     * Verifies and unpacks the frame at {@code index} ({@link #frameLength} bytes present). The
     * payload is a retained slice or a new buffer; a failed payload checksum gives a frame with
     * {@code payloadCrcValid == false}. A payload that cannot be decompressed is a WireFormatException.
     */
    public abstract Frame unpack(ByteBuf buf, int index, long header, ByteBufAllocator alloc);

    /** Frames {@code payload} (at most {@link #MAX_PAYLOAD} readable bytes, not consumed). */
    public abstract ByteBuf encode(ByteBuf payload, boolean selfContained, ByteBufAllocator alloc);

    /** On-wire length of a frame around {@code payloadLength} bytes (for LZ4, the worst case). */
    public int wireLength(int payloadLength) {
        return payloadLength + overhead();
    }

    static long read6bHeader(ByteBuf buf, int index) {
        return (buf.getUnsignedMediumLE(index) & 0xFFFFFFL) | ((long) buf.getUnsignedMediumLE(index + 3) << 24);
    }

    static void write6bHeader(ByteBuf out, boolean selfContained, int payloadLength) {
        int header3b = payloadLength | (selfContained ? 1 << 17 : 0);
        out.writeMediumLE(header3b);
        out.writeMediumLE(io.gossippreflight.wire.codec.Crc.crc24(header3b, 3));
    }

    static void checkPayload(ByteBuf payload) {
        if (payload.readableBytes() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("frame payload " + payload.readableBytes() + " exceeds " + MAX_PAYLOAD);
        }
    }
}
