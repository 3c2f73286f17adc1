package io.gossippreflight.wire.handshake;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.Crc;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * First bytes of every connection, initiator to acceptor (Cassandra 5.0.9 / 4.1.10
 * net/HandshakeProtocol.java Initiate): int magic 0xCA552DFA, int flags, and for 4.0+ the sender's
 * address (in the request version's format) and a primed CRC32 of all preceding bytes.
 * Flags: bits 0-1 connection type, bit 2 framing bit 0, bit 3 streaming, bit 4 framing bit 1,
 * bits 8-15 request version, 16-23 min version, 24-31 max version. A 3.x peer sends only magic and
 * flags (its preamble: version << 8, 4 = compressed, 8 = streaming) and min/max are 0.
 *
 * @param from the sender's address; null for a pre-4.0 preamble
 */
public record Initiate(int requestVersion, int minVersion, int maxVersion, ConnectionType type, Framing framing,
                       InetAddressAndPort from) {
    public static final int PROTOCOL_MAGIC = 0xCA552DFA;
    /** magic + flags */
    public static final int MIN_LENGTH = 8;
    /** magic + flags + IPv6 address with port + CRC */
    public static final int MAX_LENGTH = 8 + 19 + 4;

    public Initiate {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(framing, "framing");
        for (int v : new int[] {requestVersion, minVersion, maxVersion}) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException("versions are one byte: " + v);
            }
        }
        if (isModern() && from == null) {
            throw new IllegalArgumentException("a 4.0+ Initiate carries the sender address");
        }
    }

    /** What Cassandra 5.0.9 sends: request = min, one version range. */
    public static Initiate modern(MessagingVersion min, MessagingVersion max, ConnectionType type, Framing framing,
                                  InetAddressAndPort from) {
        return new Initiate(min.id(), min.id(), max.id(), type, framing, from);
    }

    /** A 3.x preamble: version, compressed (LZ4Block) or not. */
    public static Initiate legacy(MessagingVersion version, boolean compressed, boolean streaming) {
        return new Initiate(version.id(), 0, 0, streaming ? ConnectionType.STREAMING : ConnectionType.LEGACY_MESSAGES,
                compressed ? Framing.LZ4 : Framing.UNPROTECTED, null);
    }

    /** Whether this is the 4.0+ form (address + CRC follow the flags). */
    public boolean isModern() {
        return requestVersion >= 12 && maxVersion >= 12;
    }

    public static boolean isModern(int flags) {
        return ((flags >>> 8) & 0xFF) >= 12 && ((flags >>> 24) & 0xFF) >= 12;
    }

    public int flags() {
        int flags = type.isStreaming() ? 1 << 3 : type.id();
        flags |= ((framing.id() & 1) << 2) | ((framing.id() & 2) << 3);
        flags |= requestVersion << 8;
        flags |= minVersion << 16;
        flags |= maxVersion << 24;
        return flags;
    }

    /** The messaging version the address is written in. */
    private MessagingVersion addressVersion() {
        return requestVersion >= 12 ? MessagingVersion.V12 : MessagingVersion.V11;
    }

    public int serializedSize() {
        return isModern() ? 8 + from.serializedSize(addressVersion()) + 4 : 8;
    }

    public void encode(ByteBuf out) {
        int start = out.writerIndex();
        out.writeInt(PROTOCOL_MAGIC);
        out.writeInt(flags());
        if (isModern()) {
            InetAddressAndPort.SERIALIZER.serialize(from, out, addressVersion());
            out.writeInt(Crc.crc32(out, start, out.writerIndex() - start));
        }
    }

    /**
     * Decodes an Initiate at the reader index, or returns null (reader index untouched) when more
     * bytes are needed. A wrong magic or CRC is a WireFormatException.
     */
    public static Initiate decode(ByteBuf buf) {
        if (buf.readableBytes() < MIN_LENGTH) {
            return null;
        }
        int start = buf.readerIndex();
        int magic = buf.getInt(start);
        if (magic != PROTOCOL_MAGIC) {
            throw new WireFormatException(String.format("not an internode handshake: magic %08x, expected %08x",
                    magic, PROTOCOL_MAGIC), 0);
        }
        int flags = buf.getInt(start + 4);
        int request = (flags >>> 8) & 0xFF;
        int min = (flags >>> 16) & 0xFF;
        int max = (flags >>> 24) & 0xFF;
        Framing framing = Framing.fromId(((flags >>> 2) & 1) | (((flags >>> 4) & 1) << 1));
        ConnectionType type = ((flags >>> 3) & 1) == 1 ? ConnectionType.STREAMING : ConnectionType.fromTwoBits(flags);
        if (!isModern(flags)) {
            buf.skipBytes(MIN_LENGTH);
            return new Initiate(request, min, max, type, framing, null);
        }
        if (buf.readableBytes() < MIN_LENGTH + 1) {
            return null;
        }
        int addrSize = buf.getUnsignedByte(start + 8);
        if (addrSize != 6 && addrSize != 18) {
            throw new WireFormatException("handshake address size " + addrSize + " (expected 6 or 18)", 8);
        }
        int total = MIN_LENGTH + 1 + addrSize + 4;
        if (buf.readableBytes() < total) {
            return null;
        }
        int computed = Crc.crc32(buf, start, total - 4);
        int read = buf.getInt(start + total - 4);
        if (computed != read) {
            throw new WireFormatException(String.format("handshake CRC32 mismatch: read %08x, computed %08x", read, computed),
                    total - 4);
        }
        ByteBuf addr = buf.slice(start + 8, 1 + addrSize);
        InetAddressAndPort from = InetAddressAndPort.SERIALIZER.deserialize(
                WireInput.of(addr, 8, io.gossippreflight.wire.DecoderLimits.DEFAULT, null), MessagingVersion.V12);
        buf.skipBytes(total);
        return new Initiate(request, min, max, type, framing, from);
    }
}
