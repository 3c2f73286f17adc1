package io.gossippreflight.analyzer.packet;

/**
 * One decoded frame: link, IP, TCP/UDP/ICMP fields as plain numbers. A single instance is
 * reused for every packet ({@link PacketDecoder#decode}); copy what must outlive the call.
 * Addresses are 128-bit pairs (hi, lo); IPv4 addresses are IPv4-mapped (see {@link Addresses}).
 */
public final class Packet {
    public static final int TCP_FIN = 0x01;
    public static final int TCP_SYN = 0x02;
    public static final int TCP_RST = 0x04;
    public static final int TCP_PSH = 0x08;
    public static final int TCP_ACK = 0x10;

    public static final int PROTO_ICMP = 1;
    public static final int PROTO_TCP = 6;
    public static final int PROTO_UDP = 17;
    public static final int PROTO_ICMPV6 = 58;

    /** Linux cooked capture packet type for a packet this host sent. */
    public static final int SLL_OUTGOING = 4;

    // --- link
    public int linkType;
    /** Interface index from Linux cooked v2, else -1. */
    public int ifIndex;
    /** Linux cooked packet type (0 to us, 4 outgoing...), else -1. */
    public int sllPacketType;
    public int vlan;

    // --- IP
    public int ipVersion;
    public int ipOffset;
    /** Total IP length from the header (not from what was captured). */
    public int ipTotalLength;
    /** Bytes of the IP packet present in the capture. */
    public int ipCapturedLength;
    /** True when the snaplen cut the packet short of its IP total length. */
    public boolean truncated;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    /** IPv4 identification, or the IPv6 fragment id, or -1. */
    public int ipId;
    public boolean dontFragment;
    public boolean moreFragments;
    public int fragmentOffset;
    /** Any fragment (first, middle or last). */
    public boolean fragment;
    public int ttl;
    /** The transport protocol after any IPv6 extension headers. */
    public int protocol;
    /** Offset of the transport header, or -1 when there is none in this fragment / capture. */
    public int l4Offset;
    /** Transport length from the IP header. */
    public int l4Length;
    /** Transport bytes present in the capture. */
    public int l4Captured;

    // --- TCP / UDP
    public int srcPort;
    public int dstPort;
    public int seq;
    public int ack;
    public int tcpFlags;
    public int window;
    public int tcpHeaderLength;
    public int payloadOffset;
    /** Payload length from the IP header: what was sent, even when the capture cut it. */
    public int payloadLength;
    public int payloadCaptured;
    public int mss;
    public int windowScale;
    public boolean sackPermitted;
    public boolean hasTimestamp;
    public int tsVal;
    public int tsEcr;
    public int sackCount;
    /** SACK blocks as (left, right) pairs, {@link #sackCount} of them. */
    public final int[] sack = new int[8];

    // --- ICMP / ICMPv6
    public int icmpType;
    public int icmpCode;
    /** Next-hop MTU (type 3 code 4) or Packet Too Big MTU, else -1. */
    public int icmpMtu;
    /** True when an ICMP error quotes an IP header that decoded. */
    public boolean hasQuote;
    public int quotedVersion;
    public long quotedSrcHi;
    public long quotedSrcLo;
    public long quotedDstHi;
    public long quotedDstLo;
    public int quotedProtocol;
    public int quotedIpId;
    public int quotedTotalLength;
    public boolean quotedDontFragment;
    public boolean hasQuotedPorts;
    public int quotedSrcPort;
    public int quotedDstPort;
    public boolean hasQuotedSeq;
    public int quotedSeq;

    void reset() {
        linkType = 0;
        ifIndex = -1;
        sllPacketType = -1;
        vlan = -1;
        ipVersion = 0;
        ipOffset = -1;
        ipTotalLength = 0;
        ipCapturedLength = 0;
        truncated = false;
        srcHi = srcLo = dstHi = dstLo = 0;
        ipId = -1;
        dontFragment = moreFragments = fragment = false;
        fragmentOffset = 0;
        ttl = 0;
        protocol = -1;
        l4Offset = -1;
        l4Length = l4Captured = 0;
        srcPort = dstPort = 0;
        seq = ack = 0;
        tcpFlags = 0;
        window = 0;
        tcpHeaderLength = 0;
        payloadOffset = -1;
        payloadLength = payloadCaptured = 0;
        mss = windowScale = -1;
        sackPermitted = hasTimestamp = false;
        tsVal = tsEcr = 0;
        sackCount = 0;
        icmpType = icmpCode = -1;
        icmpMtu = -1;
        hasQuote = false;
        quotedVersion = 0;
        quotedSrcHi = quotedSrcLo = quotedDstHi = quotedDstLo = 0;
        quotedProtocol = -1;
        quotedIpId = -1;
        quotedTotalLength = 0;
        quotedDontFragment = false;
        hasQuotedPorts = hasQuotedSeq = false;
        quotedSrcPort = quotedDstPort = 0;
        quotedSeq = 0;
    }

    public boolean isTcp() {
        return protocol == PROTO_TCP && l4Offset >= 0 && tcpHeaderLength > 0;
    }

    public boolean isUdp() {
        return protocol == PROTO_UDP && l4Offset >= 0;
    }

    public boolean isIcmp() {
        return (protocol == PROTO_ICMP || protocol == PROTO_ICMPV6) && icmpType >= 0;
    }

    /** ICMP "fragmentation needed" (v4 type 3 code 4) or ICMPv6 Packet Too Big. */
    public boolean isFragNeeded() {
        return protocol == PROTO_ICMP && icmpType == 3 && icmpCode == 4
                || protocol == PROTO_ICMPV6 && icmpType == 2;
    }

    public boolean syn() {
        return (tcpFlags & TCP_SYN) != 0;
    }

    public boolean hasAck() {
        return (tcpFlags & TCP_ACK) != 0;
    }

    public boolean rst() {
        return (tcpFlags & TCP_RST) != 0;
    }

    public boolean fin() {
        return (tcpFlags & TCP_FIN) != 0;
    }

    public String src() {
        return Addresses.toString(srcHi, srcLo);
    }

    public String dst() {
        return Addresses.toString(dstHi, dstLo);
    }
}
