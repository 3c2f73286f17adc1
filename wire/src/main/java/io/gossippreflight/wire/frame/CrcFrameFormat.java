package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.codec.Crc;
import io.gossippreflight.wire.handshake.Framing;
import io.netty.buffer.ByteBuf;

/**
 * CRC frames (Cassandra 5.0.9 net/FrameEncoderCrc.java, FrameDecoderCrc.java): 3-byte LE word
 * {bits 0-16 payload length, bit 17 self-contained}, its CRC24 (3 bytes LE), payload, primed
 * CRC32 of the payload written little-endian.
 */
public final class CrcFrameFormat extends SixByteHeaderFormat {
    public static final CrcFrameFormat INSTANCE = new CrcFrameFormat();
    public static final int HEADER_LENGTH = SixByteHeaderFormat.HEADER_LENGTH;
    public static final int TRAILER_LENGTH = 4;

    private CrcFrameFormat() {
        super(Framing.CRC, TRAILER_LENGTH);
    }

    @Override
    boolean payloadValid(ByteBuf buf, int index, int length) {
        return buf.getIntLE(index + length) == Crc.crc32(buf, index, length);
    }

    @Override
    void writeTrailer(ByteBuf out, ByteBuf payload, int length) {
        out.writeIntLE(Crc.crc32(payload, payload.readerIndex(), length));
    }
}
