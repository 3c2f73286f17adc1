package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;

/** Unprotected frames: the CRC frame header without a payload checksum (Cassandra 5.0.9 net/FrameEncoderUnprotected.java). */
public final class UnprotectedFrameFormat extends SixByteHeaderFormat {
    public static final UnprotectedFrameFormat INSTANCE = new UnprotectedFrameFormat();

    private UnprotectedFrameFormat() {
        super(Framing.UNPROTECTED, 0);
    }

    @Override
    boolean payloadValid(ByteBuf buf, int index, int length) {
        return true;
    }

    @Override
    void writeTrailer(ByteBuf out, ByteBuf payload, int length) {
    }
}
