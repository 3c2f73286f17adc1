package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.packet.Addresses;

/**
 * An ICMP error seen at a capture point, with the header it quotes (which identifies the flow
 * and, for TCP, the sequence number of the packet that triggered it).
 *
 * @param mtu next-hop MTU (v4 type 3 code 4) or Packet Too Big MTU; -1 for other errors
 */
public record IcmpEvent(int point, long timeNanos, int ipVersion, int type, int code, int mtu,
        long fromHi, long fromLo, long toHi, long toLo, int outerIpId, int sllPacketType,
        int quotedProtocol, long quotedSrcHi, long quotedSrcLo, long quotedDstHi, long quotedDstLo,
        int quotedSrcPort, int quotedDstPort, boolean hasQuotedSeq, int quotedSeq, int quotedIpId,
        int quotedTotalLength) {

    /** The same event at point {@code point + by}. */
    IcmpEvent shiftPoint(int by) {
        return new IcmpEvent(point + by, timeNanos, ipVersion, type, code, mtu, fromHi, fromLo, toHi, toLo, outerIpId,
                sllPacketType, quotedProtocol, quotedSrcHi, quotedSrcLo, quotedDstHi, quotedDstLo, quotedSrcPort,
                quotedDstPort, hasQuotedSeq, quotedSeq, quotedIpId, quotedTotalLength);
    }

    /** ICMP "fragmentation needed" or ICMPv6 Packet Too Big. */
    public boolean fragNeeded() {
        return ipVersion == 4 ? type == 3 && code == 4 : type == 2;
    }

    public String from() {
        return Addresses.toString(fromHi, fromLo);
    }

    public String to() {
        return Addresses.toString(toHi, toLo);
    }

    public String quotedSrc() {
        return Addresses.toString(quotedSrcHi, quotedSrcLo);
    }

    public String quotedDst() {
        return Addresses.toString(quotedDstHi, quotedDstLo);
    }

    /** Same ICMP packet seen at another point (router, quoted packet, outer id). */
    public boolean samePacket(IcmpEvent o) {
        return type == o.type && code == o.code && fromHi == o.fromHi && fromLo == o.fromLo && toLo == o.toLo
                && toHi == o.toHi && outerIpId == o.outerIpId && quotedSeq == o.quotedSeq && quotedIpId == o.quotedIpId
                && quotedSrcPort == o.quotedSrcPort;
    }
}
