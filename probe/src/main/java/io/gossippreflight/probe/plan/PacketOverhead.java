package io.gossippreflight.probe.plan;

/**
 * Header bytes between a payload and the IP packet size a path MTU limits. Linux TCP advertises
 * MSS = MTU − 40 (IPv4) / − 60 (IPv6) and, with timestamps on, carries 12 option bytes in every
 * segment, so a segment of MSS payload bytes is exactly one MTU (see the shared LINUX-PMTU notes).
 */
public enum PacketOverhead {
    IPV4(20),
    IPV6(40);

    /** TCP header without options. */
    public static final int TCP_HEADER = 20;
    /** The timestamp option as Linux pads it. */
    public static final int TCP_TIMESTAMPS = 12;
    public static final int UDP_HEADER = 8;
    /** Smallest MTU every IPv4 host must accept (RFC 791). */
    public static final int IPV4_MIN_MTU = 576;
    /** Smallest MTU of any IPv6 link (RFC 8200). */
    public static final int IPV6_MIN_MTU = 1280;

    private final int ipHeader;

    PacketOverhead(int ipHeader) {
        this.ipHeader = ipHeader;
    }

    public static PacketOverhead of(boolean ipv6) {
        return ipv6 ? IPV6 : IPV4;
    }

    public int ipHeader() {
        return ipHeader;
    }

    /** IP + TCP header bytes of a data segment. */
    public int tcpHeaders(boolean timestamps) {
        return ipHeader + TCP_HEADER + (timestamps ? TCP_TIMESTAMPS : 0);
    }

    /** The MSS value (payload without options) that makes full segments exactly {@code ipSize} bytes. */
    public int mssForIpSize(int ipSize) {
        return ipSize - ipHeader - TCP_HEADER;
    }

    /** IP size of a full segment when {@code mss} (without options) is in force. */
    public int ipSizeForMss(int mss) {
        return mss + ipHeader + TCP_HEADER;
    }

    /** IP size of a segment carrying {@code payload} bytes. */
    public int ipSizeForSegment(int payload, boolean timestamps) {
        return payload + tcpHeaders(timestamps);
    }

    /** IP size of a UDP datagram with {@code payload} bytes. */
    public int ipSizeForDatagram(int payload) {
        return payload + ipHeader + UDP_HEADER;
    }

    /** UDP payload bytes that make a datagram of exactly {@code ipSize} bytes. */
    public int datagramPayloadFor(int ipSize) {
        return ipSize - ipHeader - UDP_HEADER;
    }

    /** The smallest MTU the family guarantees: what is always safe to send. */
    public int minimumMtu() {
        return this == IPV6 ? IPV6_MIN_MTU : IPV4_MIN_MTU;
    }
}
