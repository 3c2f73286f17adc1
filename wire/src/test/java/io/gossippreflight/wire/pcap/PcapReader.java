package io.gossippreflight.wire.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test-only reader of classic pcap files (Ethernet, Linux cooked v1/v2) yielding TCP segments
 * over IPv4/IPv6. Small on purpose: enough for the committed fixture captures.
 */
public final class PcapReader {
    private static final int LINKTYPE_ETHERNET = 1;
    private static final int LINKTYPE_LINUX_SLL = 113;
    private static final int LINKTYPE_LINUX_SLL2 = 276;

    /** One TCP segment. */
    public record Segment(int index, String src, int srcPort, String dst, int dstPort, long seq, int flags, byte[] payload) {
        public boolean syn() {
            return (flags & 0x02) != 0;
        }

        public boolean ack() {
            return (flags & 0x10) != 0;
        }

        public boolean fin() {
            return (flags & 0x01) != 0;
        }

        public boolean rst() {
            return (flags & 0x04) != 0;
        }
    }

    private PcapReader() {
    }

    public static List<Segment> tcpSegments(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        boolean nanos;
        if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d) {
            b.order(ByteOrder.LITTLE_ENDIAN);
        } else if (Integer.reverseBytes(magic) == 0xa1b2c3d4 || Integer.reverseBytes(magic) == 0xa1b23c4d) {
            b.order(ByteOrder.BIG_ENDIAN);
        } else {
            throw new IOException(file + ": not a classic pcap file");
        }
        nanos = (b.getInt(0) == 0xa1b23c4d);
        int link = b.getInt(20);
        b.position(24);
        List<Segment> out = new ArrayList<>();
        int index = 0;
        while (b.remaining() >= 16) {
            b.getInt();
            b.getInt();
            int caplen = b.getInt();
            b.getInt();
            if (caplen < 0 || caplen > b.remaining()) {
                throw new IOException(file + ": record " + index + " cut short");
            }
            byte[] pkt = new byte[caplen];
            b.get(pkt);
            Segment s = parse(index++, link, pkt);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    private static Segment parse(int index, int link, byte[] p) {
        int off;
        int etherType;
        switch (link) {
            case LINKTYPE_ETHERNET -> {
                off = 14;
                etherType = u16(p, 12);
                if (etherType == 0x8100) {
                    etherType = u16(p, 16);
                    off = 18;
                }
            }
            case LINKTYPE_LINUX_SLL -> {
                off = 16;
                etherType = u16(p, 14);
            }
            case LINKTYPE_LINUX_SLL2 -> {
                off = 20;
                etherType = u16(p, 0);
            }
            default -> throw new IllegalArgumentException("unsupported link type " + link);
        }
        String src;
        String dst;
        int l4;
        int end;
        if (etherType == 0x0800) {
            int ihl = (p[off] & 0x0F) * 4;
            if (p[off + 9] != 6) {
                return null;
            }
            int fragment = u16(p, off + 6) & 0x3FFF;
            if (fragment != 0) {
                return null; // not expected in the fixtures (DF set)
            }
            src = (p[off + 12] & 0xFF) + "." + (p[off + 13] & 0xFF) + "." + (p[off + 14] & 0xFF) + "." + (p[off + 15] & 0xFF);
            dst = (p[off + 16] & 0xFF) + "." + (p[off + 17] & 0xFF) + "." + (p[off + 18] & 0xFF) + "." + (p[off + 19] & 0xFF);
            end = off + u16(p, off + 2);
            l4 = off + ihl;
        } else if (etherType == 0x86DD) {
            if (p[off + 6] != 6) {
                return null; // extension headers are not expected in the fixtures
            }
            src = v6(p, off + 8);
            dst = v6(p, off + 24);
            end = off + 40 + u16(p, off + 4);
            l4 = off + 40;
        } else {
            return null;
        }
        end = Math.min(end, p.length);
        int srcPort = u16(p, l4);
        int dstPort = u16(p, l4 + 2);
        long seq = ((long) u16(p, l4 + 4) << 16) | u16(p, l4 + 6);
        int dataOff = ((p[l4 + 12] & 0xF0) >> 4) * 4;
        int flags = p[l4 + 13] & 0xFF;
        byte[] payload = Arrays.copyOfRange(p, Math.min(l4 + dataOff, end), end);
        return new Segment(index, src, srcPort, dst, dstPort, seq, flags, payload);
    }

    private static String v6(byte[] p, int off) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 16; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(Integer.toHexString(u16(p, off + i)));
        }
        return sb.toString();
    }

    private static int u16(byte[] p, int off) {
        return ((p[off] & 0xFF) << 8) | (p[off + 1] & 0xFF);
    }
}
