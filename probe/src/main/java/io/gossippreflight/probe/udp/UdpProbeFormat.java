package io.gossippreflight.probe.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The datagrams of the DF UDP probe, exchanged with our responder only (Cassandra has no UDP).
 * Header, big-endian: int magic "GPPU", byte version 1, byte type, short 0, int sequence,
 * int size, int mtu; zero padding up to the probed size.
 * <ul>
 *   <li>PROBE (checker → responder): itself the probe; size = its IP size as sent.</li>
 *   <li>PROBE_ACK (responder → checker): a PROBE of {@code size} payload bytes arrived; mtu = the
 *       responder's interface MTU (0 when unknown).</li>
 *   <li>SEND_REQUEST (checker → responder): send a PROBE_BACK of IP size {@code size}.</li>
 *   <li>PROBE_BACK (responder → checker): the requested probe.</li>
 *   <li>SEND_ERROR (responder → checker): the requested size could not leave (larger than its
 *       interface MTU, which is in mtu).</li>
 *   <li>ICMP_TEST (checker → responder): send {@link IcmpWitness#COUNT} PROBEs of IP size {@code size}
 *       from a socket connected to the checker, DF set, and say what came back within {@code mtu}
 *       milliseconds (see {@link IcmpWitness}).</li>
 *   <li>ICMP_TEST_RESULT (responder → checker): {@code size} as asked, {@code mtu} the outcome
 *       ({@link IcmpWitness.Outcome#code()}). A responder from before these two ignores them.</li>
 * </ul>
 */
public final class UdpProbeFormat {
    public static final int MAGIC = 0x47505055;
    public static final int VERSION = 1;
    public static final int HEADER = 20;
    /** Largest UDP payload over IPv4 (65,535 − 20 − 8); IPv6 allows 20 more but no probe needs them. */
    public static final int MAX_PAYLOAD = 65_507;

    public static final int PROBE = 1;
    public static final int PROBE_ACK = 2;
    public static final int SEND_REQUEST = 3;
    public static final int PROBE_BACK = 4;
    public static final int SEND_ERROR = 5;
    public static final int ICMP_TEST = 6;
    public static final int ICMP_TEST_RESULT = 7;

    private UdpProbeFormat() {
    }

    /** One decoded header. */
    public record Header(int type, int sequence, int size, int mtu, int payloadLength) {
    }

    /** A datagram payload of {@code payloadLength} bytes (at least the header). */
    public static ByteBuf encode(ByteBufAllocator alloc, int type, int sequence, int size, int mtu, int payloadLength) {
        if (payloadLength < HEADER || payloadLength > MAX_PAYLOAD) {
            throw new IllegalArgumentException("UDP probe payload " + payloadLength + " outside " + HEADER + ".." + MAX_PAYLOAD);
        }
        ByteBuf b = alloc.buffer(payloadLength, payloadLength);
        b.writeInt(MAGIC).writeByte(VERSION).writeByte(type).writeShort(0).writeInt(sequence).writeInt(size).writeInt(mtu);
        b.writeZero(payloadLength - HEADER);
        return b;
    }

    /** The header of {@code payload}, or null when it is not one of ours (ignored, not an error). */
    public static Header decode(ByteBuf payload) {
        int n = payload.readableBytes();
        int i = payload.readerIndex();
        if (n < HEADER || payload.getInt(i) != MAGIC || payload.getUnsignedByte(i + 4) != VERSION) {
            return null;
        }
        int type = payload.getUnsignedByte(i + 5);
        if (type < PROBE || type > ICMP_TEST_RESULT) {
            return null;
        }
        return new Header(type, payload.getInt(i + 8), payload.getInt(i + 12), payload.getInt(i + 16), n);
    }
}
