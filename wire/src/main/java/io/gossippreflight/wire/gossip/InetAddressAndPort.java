package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * An endpoint address as gossip carries it. The raw address bytes (4 or 16) are kept as read, so
 * an IPv4-mapped IPv6 address stays 16 bytes on re-encoding.
 * Wire form (Cassandra locator/InetAddressAndPort.java Serializer): version >= 12: byte (len + 2),
 * address, unsigned short port; version < 12 (3.x CompactEndpointSerializationHelper): byte len, address.
 */
public final class InetAddressAndPort {
    /** Port assumed for addresses read from 3.x peers, which send none (Cassandra's storage_port default). */
    public static final int DEFAULT_PORT = 7000;

    public static final WireSerializer<InetAddressAndPort> SERIALIZER = new Serializer();

    private final byte[] address;
    private final int port;

    private InetAddressAndPort(byte[] address, int port) {
        if (address.length != 4 && address.length != 16) {
            throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + address.length);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.address = address;
        this.port = port;
    }

    public static InetAddressAndPort of(byte[] address, int port) {
        return new InetAddressAndPort(address.clone(), port);
    }

    public static InetAddressAndPort of(InetAddress address, int port) {
        return new InetAddressAndPort(address.getAddress(), port);
    }

    /** Parses a literal address (never resolves names), e.g. "198.18.1.2" or "2001:db8::1". */
    public static InetAddressAndPort parse(String literal, int port) {
        byte[] b = literalBytes(literal);
        return new InetAddressAndPort(b, port);
    }

    private static byte[] literalBytes(String literal) {
        String s = literal.startsWith("[") && literal.endsWith("]") ? literal.substring(1, literal.length() - 1) : literal;
        if (!s.contains(":") && !s.matches("[0-9.]+")) {
            throw new IllegalArgumentException("not an IP literal: " + literal);
        }
        try {
            // getByName on a literal does not touch DNS
            return InetAddress.getByName(s).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP literal: " + literal, e);
        }
    }

    public byte[] addressBytes() {
        return address.clone();
    }

    public boolean isIpv6() {
        return address.length == 16;
    }

    public int port() {
        return port;
    }

    public InetAddress address() {
        try {
            return InetAddress.getByAddress(address);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // length is checked in the constructor
        }
    }

    public InetAddressAndPort withPort(int newPort) {
        return new InetAddressAndPort(address, newPort);
    }

    /** Bytes on the wire for this version: 7 / 19 with port (12+), 5 / 17 without. */
    public int serializedSize(MessagingVersion version) {
        return 1 + address.length + (version.isModern() ? 2 : 0);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InetAddressAndPort other && port == other.port && Arrays.equals(address, other.address);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(address) + port;
    }

    @Override
    public String toString() {
        String host = address().getHostAddress();
        return (address.length == 16 ? "[" + host + "]" : host) + ":" + port;
    }

    private static final class Serializer implements WireSerializer<InetAddressAndPort> {
        @Override
        public void serialize(InetAddressAndPort value, ByteBuf out, MessagingVersion version) {
            if (version.isModern()) {
                out.writeByte(value.address.length + 2);
                out.writeBytes(value.address);
                out.writeShort(value.port);
            } else {
                out.writeByte(value.address.length);
                out.writeBytes(value.address);
            }
        }

        @Override
        public InetAddressAndPort deserialize(WireInput in, MessagingVersion version) {
            long at = in.offset();
            int size = in.readUnsignedByte("address size");
            if (version.isModern()) {
                if (size != 6 && size != 18) {
                    throw new io.gossippreflight.wire.WireFormatException(
                            "address size " + size + " (expected 6 or 18 for messaging version " + version.id() + ")", at);
                }
                byte[] addr = in.readBytes(size - 2, "address");
                int port = in.readUnsignedShort("port");
                return new InetAddressAndPort(addr, port);
            }
            if (size != 4 && size != 16) {
                throw new io.gossippreflight.wire.WireFormatException(
                        "address size " + size + " (expected 4 or 16 for messaging version " + version.id() + ")", at);
            }
            return new InetAddressAndPort(in.readBytes(size, "address"), DEFAULT_PORT);
        }

        @Override
        public int serializedSize(InetAddressAndPort value, MessagingVersion version) {
            return value.serializedSize(version);
        }
    }
}
