package io.gossippreflight.wire.handshake;

import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.Crc;
import io.netty.buffer.ByteBuf;

/**
 * The acceptor's answer (Cassandra 5.0.9 net/HandshakeProtocol.java Accept): int max version,
 * int version to use, primed CRC32 of those 8 bytes. To a pre-4.0 initiator the answer is only
 * the int version ({@code legacy}, 4 bytes; Cassandra 4.1.10 Accept.respondPre40).
 */
public record Accept(int maxVersion, int useVersion, boolean legacy) {
    public static final int LENGTH = 12;
    public static final int LEGACY_LENGTH = 4;

    public static Accept modern(int maxVersion, int useVersion) {
        return new Accept(maxVersion, useVersion, false);
    }

    public static Accept legacy(int version) {
        return new Accept(version, 0, true);
    }

    public int serializedSize() {
        return legacy ? LEGACY_LENGTH : LENGTH;
    }

    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(maxVersion);
        if (!legacy) {
            out.writeInt(useVersion);
            out.writeInt(Crc.crc32(out, start, 8));
        }
    }

    /**
     * Decodes at the reader index or returns null when more bytes are needed. The answer is the
     * legacy 4-byte form when the version is below 12 or when the initiator spoke pre-4.0.
     */
    public static Accept decode(ByteBuf buf, boolean initiatorWasLegacy) {
        if (buf.readableBytes() < 4) {
            return null;
        }
        int start = buf.readerIndex();
        int max = buf.getInt(start);
        if (max < 0 || max > 255) {
            throw new WireFormatException("handshake accept: messaging version " + max + " out of range", 0);
        }
        if (max < 12 || initiatorWasLegacy) {
            buf.skipBytes(4);
            return legacy(max);
        }
        if (buf.readableBytes() < LENGTH) {
            return null;
        }
        int use = buf.getInt(start + 4);
        int computed = Crc.crc32(buf, start, 8);
        int read = buf.getInt(start + 8);
        if (computed != read) {
            throw new WireFormatException(String.format("handshake accept CRC32 mismatch: read %08x, computed %08x", read,
                    computed), 8);
        }
        buf.skipBytes(LENGTH);
        return modern(max, use);
    }
}
