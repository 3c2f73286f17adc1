package io.gossippreflight.wire.handshake;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.buffer.ByteBuf;

/**
 * Third step of the pre-4.0 handshake, initiator to acceptor (Cassandra 3.11.19
 * net/OutboundTcpConnection.java; 4.1.10 HandshakeProtocol.ConfirmOutboundPre40): int the
 * initiator's current version, then its address without port (byte length 4|16, bytes).
 */
public record ConfirmOutboundPre40(int maxVersion, InetAddressAndPort from) {
    public int serializedSize() {
        return 4 + from.serializedSize(MessagingVersion.V11);
    }

    public void encode(ByteBuf out) {
        out.writeInt(maxVersion);
        InetAddressAndPort.SERIALIZER.serialize(from, out, MessagingVersion.V11);
    }

    /** Decodes at the reader index, or null (nothing consumed) when more bytes are needed. */
    public static ConfirmOutboundPre40 decode(ByteBuf buf) {
        if (buf.readableBytes() < 5) {
            return null;
        }
        int start = buf.readerIndex();
        int version = buf.getInt(start);
        int len = buf.getUnsignedByte(start + 4);
        if (len != 4 && len != 16) {
            throw new WireFormatException("pre-4.0 handshake address size " + len + " (expected 4 or 16)", 4);
        }
        if (buf.readableBytes() < 5 + len) {
            return null;
        }
        if (version < 0 || version > 255) {
            throw new WireFormatException("pre-4.0 handshake: version " + version + " out of range", 0);
        }
        ByteBuf addr = buf.slice(start + 4, 1 + len);
        InetAddressAndPort from = InetAddressAndPort.SERIALIZER.deserialize(WireInput.of(addr, 4, DecoderLimits.DEFAULT, null),
                MessagingVersion.V11);
        buf.skipBytes(5 + len);
        return new ConfirmOutboundPre40(version, from);
    }
}
