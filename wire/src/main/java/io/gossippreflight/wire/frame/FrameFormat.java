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

    private final Framing framing;
    private final int headerLength;
    private final int trailerLength;

    FrameFormat(Framing framing, int headerLength, int trailerLength) {
        this.framing = framing;
        this.headerLength = headerLength;
        this.trailerLength = trailerLength;
    }

    public static FrameFormat of(Framing framing) {
        return switch (framing) {
            case CRC -> CrcFrameFormat.INSTANCE;
            case UNPROTECTED -> UnprotectedFrameFormat.INSTANCE;
            case LZ4 -> Lz4FrameFormat.INSTANCE;
        };
    }

    public final Framing framing() {
        return framing;
    }

    public final int headerLength() {
        return headerLength;
    }

    /** Header and trailer bytes around the payload (for exact on-wire sizes). */
    public final int overhead() {
        return headerLength + trailerLength;
    }

    /** The raw header bits at {@code index}; the caller ensures {@link #headerLength()} bytes are there. */
    public abstract long readHeader(ByteBuf buf, int index);

    public abstract boolean headerValid(long header);

    /**
     * The first index from {@code from} to {@code last} (both included) where a header whose CRC24
     * verifies starts, or -1: what scanning for a frame tries at every byte. The caller ensures
     * {@link #headerLength()} readable bytes from {@code last}.
     */
    public int nextValidHeader(ByteBuf buf, int from, int last) {
        for (int i = from; i <= last; i++) {
            if (headerValid(readHeader(buf, i))) {
                return i;
            }
        }
        return -1;
    }

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

    /**
     * On-wire length of a frame around {@code payloadLength} bytes; for LZ4 the worst case, as
     * LZ4 never makes a frame bigger than a raw copy plus the overhead.
     */
    public int wireLength(int payloadLength) {
        return payloadLength + overhead();
    }

    static void checkPayload(ByteBuf payload) {
        if (payload.readableBytes() > MAX_PAYLOAD) {
            throw new IllegalArgumentException("frame payload " + payload.readableBytes() + " exceeds " + MAX_PAYLOAD);
        }
    }
}
