package io.gossippreflight.analyzer.packet;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.capture.RawPacket;
import java.nio.ByteBuffer;

/**
 * Decodes link, IP and transport headers of one frame into a reused {@link Packet}, reading
 * the buffer in place. Every field offset is checked against what was captured; lengths come
 * from the IP header, so snaplen-cut packets keep their real sizes and are marked truncated.
 */
public final class PacketDecoder {
    public static final int OK = 0;
    /** Not IPv4/IPv6 (ARP, LLDP...). */
    public static final int NOT_IP = 1;
    /** A header is inconsistent; {@link #problem()} says which. */
    public static final int MALFORMED = 2;
    public static final int UNSUPPORTED_LINK = 3;

    private static final int MAX_VLAN_TAGS = 4;
    private static final int MAX_V6_EXTENSIONS = 16;

    private String problem;

    /** Why the last {@link #MALFORMED} result. */
    public String problem() {
        return problem;
    }

    public int decode(RawPacket raw, Packet p) {
        return decode(raw.data, raw.offset, raw.capturedLength, raw.linkType, p);
    }

    public int decode(ByteBuffer b, int off, int len, int linkType, Packet p) {
        p.reset();
        p.linkType = linkType;
        problem = null;
        int end = off + len;
        int o;
        int etherType;
        switch (linkType) {
            case LinkType.ETHERNET: {
                if (len < 14) {
                    return malformed("ethernet header cut short");
                }
                etherType = u16(b, off + 12);
                o = off + 14;
                for (int tags = 0; etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100; tags++) {
                    if (tags == MAX_VLAN_TAGS || o + 4 > end) {
                        return malformed("VLAN tags cut short or nested too deep");
                    }
                    if (p.vlan < 0) {
                        p.vlan = u16(b, o) & 0x0fff;
                    }
                    etherType = u16(b, o + 2);
                    o += 4;
                }
                break;
            }
            case LinkType.LINUX_SLL: {
                if (len < 16) {
                    return malformed("linux cooked header cut short");
                }
                p.sllPacketType = u16(b, off);
                etherType = u16(b, off + 14);
                o = off + 16;
                break;
            }
            case LinkType.LINUX_SLL2: {
                if (len < 20) {
                    return malformed("linux cooked v2 header cut short");
                }
                etherType = u16(b, off);
                p.ifIndex = b.getInt(off + 4);
                p.sllPacketType = b.get(off + 10) & 0xff;
                o = off + 20;
                break;
            }
            case LinkType.NULL:
            case LinkType.LOOP: {
                if (len < 4) {
                    return malformed("loopback header cut short");
                }
                int family = b.getInt(off);
                if (linkType == LinkType.NULL && (family & 0xffff0000) != 0) {
                    family = Integer.reverseBytes(family); // written in the capturing host's byte order
                }
                o = off + 4;
                if (family == 2) {
                    etherType = 0x0800;
                } else if (family == 10 || family == 24 || family == 28 || family == 30) {
                    etherType = 0x86DD;
                } else {
                    return NOT_IP;
                }
                break;
            }
            case LinkType.RAW:
            case LinkType.RAW_12:
            case LinkType.RAW_14: {
                if (len < 1) {
                    return malformed("empty raw IP packet");
                }
                int v = (b.get(off) & 0xff) >>> 4;
                etherType = v == 4 ? 0x0800 : v == 6 ? 0x86DD : -1;
                o = off;
                if (etherType < 0) {
                    return malformed("raw IP packet with IP version " + v);
                }
                break;
            }
            case LinkType.IPV4:
                etherType = 0x0800;
                o = off;
                break;
            case LinkType.IPV6:
                etherType = 0x86DD;
                o = off;
                break;
            default:
                return UNSUPPORTED_LINK;
        }
        if (etherType == 0x0800) {
            return ipv4(b, o, end, p);
        }
        if (etherType == 0x86DD) {
            return ipv6(b, o, end, p);
        }
        return NOT_IP;
    }

    private int ipv4(ByteBuffer b, int o, int end, Packet p) {
        if (end - o < 20) {
            return malformed("IPv4 header cut short");
        }
        // the fixed header in three reads (each buffer access is a call until C2 inlines it)
        long w0 = b.getLong(o); // version/IHL, TOS, total length, ID, flags/fragment offset
        long w1 = b.getLong(o + 8); // TTL, protocol, checksum, source
        int vihl = (int) (w0 >>> 56) & 0xff;
        if (vihl >>> 4 != 4) {
            return malformed("IPv4 ethertype but IP version " + (vihl >>> 4));
        }
        int ihl = (vihl & 0x0f) * 4;
        if (ihl < 20) {
            return malformed("IPv4 header length " + ihl + " below 20");
        }
        int total = (int) (w0 >>> 32) & 0xffff;
        int captured = end - o;
        if (total == 0) {
            total = captured; // some offload captures leave the length unset
        }
        if (total < ihl) {
            return malformed("IPv4 total length " + total + " below its header length " + ihl);
        }
        if (captured < ihl) {
            return malformed("IPv4 options cut short");
        }
        p.ipVersion = 4;
        p.ipOffset = o;
        p.ipTotalLength = total;
        p.ipCapturedLength = Math.min(captured, total);
        p.truncated = captured < total;
        p.ipId = (int) (w0 >>> 16) & 0xffff;
        int frag = (int) w0 & 0xffff;
        p.dontFragment = (frag & 0x4000) != 0;
        p.moreFragments = (frag & 0x2000) != 0;
        p.fragmentOffset = (frag & 0x1fff) * 8;
        p.fragment = p.moreFragments || p.fragmentOffset != 0;
        p.ttl = (int) (w1 >>> 56) & 0xff;
        p.protocol = (int) (w1 >>> 48) & 0xff;
        p.srcHi = 0;
        p.srcLo = Addresses.v4Lo((int) w1);
        p.dstHi = 0;
        p.dstLo = Addresses.v4Lo(b.getInt(o + 16));
        if (p.fragmentOffset != 0) {
            return OK; // no transport header in a non-first fragment
        }
        int l4 = o + ihl;
        return transport(b, l4, total - ihl, Math.min(end, o + total) - l4, p);
    }

    private int ipv6(ByteBuffer b, int o, int end, Packet p) {
        if (end - o < 40) {
            return malformed("IPv6 header cut short");
        }
        if ((b.get(o) & 0xff) >>> 4 != 6) {
            return malformed("IPv6 ethertype but IP version " + ((b.get(o) & 0xff) >>> 4));
        }
        int payload = u16(b, o + 4);
        int captured = end - o;
        int total = 40 + payload;
        if (payload == 0) {
            total = captured; // jumbogram or unset length: trust the capture
        }
        p.ipVersion = 6;
        p.ipOffset = o;
        p.ipTotalLength = total;
        p.ipCapturedLength = Math.min(captured, total);
        p.truncated = captured < total;
        p.ttl = b.get(o + 7) & 0xff;
        p.srcHi = b.getLong(o + 8);
        p.srcLo = b.getLong(o + 16);
        p.dstHi = b.getLong(o + 24);
        p.dstLo = b.getLong(o + 32);
        int limit = Math.min(end, o + total);
        int next = b.get(o + 6) & 0xff;
        int h = o + 40;
        for (int n = 0; ; n++) {
            if (n == MAX_V6_EXTENSIONS) {
                return malformed("more than " + MAX_V6_EXTENSIONS + " IPv6 extension headers");
            }
            int extLen;
            switch (next) {
                case 0: case 43: case 60: case 135: case 139: case 140:
                    if (h + 2 > limit) {
                        p.protocol = next;
                        return p.truncated ? OK : malformed("IPv6 extension header cut short");
                    }
                    extLen = ((b.get(h + 1) & 0xff) + 1) * 8;
                    break;
                case 51:
                    if (h + 2 > limit) {
                        p.protocol = next;
                        return p.truncated ? OK : malformed("IPv6 AH header cut short");
                    }
                    extLen = ((b.get(h + 1) & 0xff) + 2) * 4;
                    break;
                case 44:
                    if (h + 8 > limit) {
                        p.protocol = next;
                        return p.truncated ? OK : malformed("IPv6 fragment header cut short");
                    }
                    int fo = u16(b, h + 2);
                    p.fragment = true;
                    p.fragmentOffset = (fo >>> 3) * 8;
                    p.moreFragments = (fo & 1) != 0;
                    p.ipId = b.getInt(h + 4);
                    extLen = 8;
                    if (p.fragmentOffset != 0) {
                        p.protocol = b.get(h) & 0xff;
                        return OK;
                    }
                    break;
                default:
                    p.protocol = next;
                    return transport(b, h, o + total - h, limit - h, p);
            }
            if (h + extLen > o + total) {
                return malformed("IPv6 extension header " + next + " runs past the packet");
            }
            next = b.get(h) & 0xff;
            h += extLen;
        }
    }

    /** {@code length}: transport length from the IP header; {@code captured}: bytes present. */
    private int transport(ByteBuffer b, int l4, int length, int captured, Packet p) {
        if (length < 0) {
            return malformed("transport length negative");
        }
        p.l4Offset = l4;
        p.l4Length = length;
        p.l4Captured = Math.max(0, Math.min(captured, length));
        switch (p.protocol) {
            case Packet.PROTO_TCP:
                return tcp(b, l4, p);
            case Packet.PROTO_UDP:
                if (p.l4Captured < 8) {
                    return cutOrMalformed(p, "UDP header cut short");
                }
                p.srcPort = u16(b, l4);
                p.dstPort = u16(b, l4 + 2);
                p.payloadOffset = l4 + 8;
                p.payloadLength = Math.max(0, length - 8);
                p.payloadCaptured = p.l4Captured - 8;
                return OK;
            case Packet.PROTO_ICMP:
            case Packet.PROTO_ICMPV6:
                return icmp(b, l4, p);
            default:
                return OK;
        }
    }

    private int tcp(ByteBuffer b, int l4, Packet p) {
        int cap = p.l4Captured;
        if (cap < 20) {
            return cutOrMalformed(p, "TCP header cut short");
        }
        long w0 = b.getLong(l4); // ports, sequence
        long w1 = b.getLong(l4 + 8); // acknowledgement, data offset/flags, window
        int hl = ((int) (w1 >>> 28) & 0x0f) * 4;
        if (hl < 20 || hl > p.l4Length) {
            p.l4Offset = -1;
            return malformed("TCP header length " + hl + " outside 20.." + p.l4Length);
        }
        p.srcPort = (int) (w0 >>> 48) & 0xffff;
        p.dstPort = (int) (w0 >>> 32) & 0xffff;
        p.seq = (int) w0;
        p.ack = (int) (w1 >>> 32);
        p.tcpFlags = (int) (w1 >>> 16) & 0x01ff;
        p.window = (int) w1 & 0xffff;
        p.tcpHeaderLength = hl;
        // a header cut by the snaplen (options past the capture): the payload starts where the bytes end,
        // so that readers of payloadCaptured (0) bytes never index past the frame (found by CaptureFuzzTest)
        p.payloadOffset = l4 + Math.min(hl, cap);
        p.payloadLength = p.l4Length - hl;
        p.payloadCaptured = Math.max(0, cap - hl);
        tcpOptions(b, l4 + 20, l4 + Math.min(hl, cap), p);
        return OK;
    }

    private static void tcpOptions(ByteBuffer b, int o, int end, Packet p) {
        if (end - o == 12 && b.getInt(o) == 0x0101080A) {
            // NOP NOP TIMESTAMP: what nearly every established Linux segment carries
            p.hasTimestamp = true;
            long ts = b.getLong(o + 4);
            p.tsVal = (int) (ts >>> 32);
            p.tsEcr = (int) ts;
            return;
        }
        while (o < end) {
            int kind = b.get(o) & 0xff;
            if (kind == 0) {
                return;
            }
            if (kind == 1) {
                o++;
                continue;
            }
            if (o + 2 > end) {
                return;
            }
            int len = b.get(o + 1) & 0xff;
            if (len < 2 || o + len > end) {
                return; // malformed options: keep what was read
            }
            switch (kind) {
                case 2:
                    if (len == 4) {
                        p.mss = u16(b, o + 2);
                    }
                    break;
                case 3:
                    if (len == 3) {
                        p.windowScale = b.get(o + 2) & 0xff;
                    }
                    break;
                case 4:
                    p.sackPermitted = true;
                    break;
                case 5: {
                    int n = Math.min((len - 2) / 8, 4);
                    for (int i = 0; i < n; i++) {
                        p.sack[2 * i] = b.getInt(o + 2 + 8 * i);
                        p.sack[2 * i + 1] = b.getInt(o + 6 + 8 * i);
                    }
                    p.sackCount = n;
                    break;
                }
                case 8:
                    if (len == 10) {
                        p.hasTimestamp = true;
                        p.tsVal = b.getInt(o + 2);
                        p.tsEcr = b.getInt(o + 6);
                    }
                    break;
                default:
                    break;
            }
            o += len;
        }
    }

    private int icmp(ByteBuffer b, int l4, Packet p) {
        int cap = p.l4Captured;
        if (cap < 4) {
            return cutOrMalformed(p, "ICMP header cut short");
        }
        p.icmpType = b.get(l4) & 0xff;
        p.icmpCode = b.get(l4 + 1) & 0xff;
        boolean v6 = p.protocol == Packet.PROTO_ICMPV6;
        boolean error = v6 ? p.icmpType < 128 : p.icmpType == 3 || p.icmpType == 4 || p.icmpType == 5
                || p.icmpType == 11 || p.icmpType == 12;
        if (!error || cap < 8) {
            return OK;
        }
        if (!v6 && p.icmpType == 3 && p.icmpCode == 4) {
            p.icmpMtu = u16(b, l4 + 6);
        } else if (v6 && p.icmpType == 2) {
            long mtu = Integer.toUnsignedLong(b.getInt(l4 + 4));
            p.icmpMtu = (int) Math.min(mtu, Integer.MAX_VALUE);
        }
        quoted(b, l4 + 8, l4 + cap, p);
        return OK;
    }

    /** Decodes the IP header (and the start of the transport header) an ICMP error quotes. */
    private static void quoted(ByteBuffer b, int q, int end, Packet p) {
        if (end - q < 20) {
            return;
        }
        int version = (b.get(q) & 0xff) >>> 4;
        int l4;
        if (version == 4) {
            int ihl = (b.get(q) & 0x0f) * 4;
            if (ihl < 20 || q + ihl > end) {
                return;
            }
            p.quotedVersion = 4;
            p.quotedTotalLength = u16(b, q + 2);
            p.quotedIpId = u16(b, q + 4);
            p.quotedDontFragment = (u16(b, q + 6) & 0x4000) != 0;
            p.quotedProtocol = b.get(q + 9) & 0xff;
            p.quotedSrcLo = Addresses.v4Lo(b.getInt(q + 12));
            p.quotedDstLo = Addresses.v4Lo(b.getInt(q + 16));
            p.hasQuote = true;
            if ((u16(b, q + 6) & 0x1fff) != 0) {
                return;
            }
            l4 = q + ihl;
        } else if (version == 6) {
            if (end - q < 40) {
                return;
            }
            p.quotedVersion = 6;
            p.quotedTotalLength = 40 + u16(b, q + 4);
            p.quotedSrcHi = b.getLong(q + 8);
            p.quotedSrcLo = b.getLong(q + 16);
            p.quotedDstHi = b.getLong(q + 24);
            p.quotedDstLo = b.getLong(q + 32);
            p.hasQuote = true;
            int next = b.get(q + 6) & 0xff;
            int h = q + 40;
            for (int n = 0; n < MAX_V6_EXTENSIONS; n++) {
                if (next == 0 || next == 43 || next == 60 || next == 44 || next == 51) {
                    if (h + 8 > end) {
                        p.quotedProtocol = next;
                        return;
                    }
                    if (next == 44 && (u16(b, h + 2) >>> 3) != 0) {
                        p.quotedProtocol = b.get(h) & 0xff;
                        return;
                    }
                    int len = next == 44 ? 8 : next == 51 ? ((b.get(h + 1) & 0xff) + 2) * 4
                            : ((b.get(h + 1) & 0xff) + 1) * 8;
                    next = b.get(h) & 0xff;
                    h += len;
                } else {
                    break;
                }
            }
            p.quotedProtocol = next;
            l4 = h;
        } else {
            return;
        }
        if ((p.quotedProtocol == Packet.PROTO_TCP || p.quotedProtocol == Packet.PROTO_UDP) && l4 + 4 <= end) {
            p.hasQuotedPorts = true;
            p.quotedSrcPort = u16(b, l4);
            p.quotedDstPort = u16(b, l4 + 2);
            if (p.quotedProtocol == Packet.PROTO_TCP && l4 + 8 <= end) {
                p.hasQuotedSeq = true;
                p.quotedSeq = b.getInt(l4 + 4);
            }
        }
    }

    private int cutOrMalformed(Packet p, String what) {
        if (p.truncated) {
            p.l4Offset = -1;
            return OK; // the snaplen cut it: the IP layer is still good evidence
        }
        p.l4Offset = -1;
        return malformed(what);
    }

    private int malformed(String what) {
        problem = what;
        return MALFORMED;
    }

    private static int u16(ByteBuffer b, int at) {
        return b.getShort(at) & 0xffff;
    }
}
