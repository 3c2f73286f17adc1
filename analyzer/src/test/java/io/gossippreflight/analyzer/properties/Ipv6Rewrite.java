package io.gossippreflight.analyzer.properties;

import static io.gossippreflight.analyzer.properties.Captures.put16;
import static io.gossippreflight.analyzer.properties.Captures.put32;
import static io.gossippreflight.analyzer.properties.Captures.u16;

import io.gossippreflight.analyzer.properties.Captures.Frame;
import java.io.ByteArrayOutputStream;

/**
 * Rewrites an IPv4 frame as the same exchange over IPv6: a.b.c.d becomes 2001:db8:c::d, TTL the
 * hop limit, ICMP frag-needed a Packet Too Big (its MTU 20 bytes larger, as every packet is) with
 * the quoted header rewritten too, echo request/reply their ICMPv6 types. Checksums are left as
 * they are: the analyzer does not verify them. Frames that are not IPv4 pass unchanged.
 */
final class Ipv6Rewrite {
    /** IPv6's header is this much longer than an option-less IPv4 header. */
    static final int GROWTH = 20;

    private Ipv6Rewrite() {
    }

    /** The IPv6 address this rewrite gives an IPv4 one ("198.18.1.2" -> "2001:db8:1::2"). */
    static String address(String v4) {
        String[] p = v4.split("\\.");
        return "2001:db8:" + Integer.toHexString(Integer.parseInt(p[2])) + "::" + Integer.toHexString(Integer.parseInt(p[3]));
    }

    static Frame frame(Frame f) {
        int ip = Captures.ipOffset(f);
        byte[] d = f.data();
        if (ip < 0 || ip >= d.length || (d[ip] & 0xf0) != 0x40) {
            return f;
        }
        int ihl = (d[ip] & 0x0f) * 4;
        if (ip + ihl > d.length || (u16(d, ip + 6) & 0x3fff) != 0) {
            return f; // cut inside the header, or a fragment: leave it
        }
        int total = u16(d, ip + 2);
        int proto = d[ip + 9] & 0xff;
        byte[] l4 = java.util.Arrays.copyOfRange(d, ip + ihl, d.length);
        int l4Length = total - ihl;
        int l4Growth = 0;
        if (proto == 1) {
            byte[] v6 = icmp(l4);
            l4Growth = v6.length - l4.length;
            l4 = v6;
            l4Length += l4Growth;
            proto = 58;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(d, 0, ip);
        byte[] h = header(d, ip, proto, l4Length);
        out.write(h, 0, h.length);
        out.write(l4, 0, l4.length);
        byte[] nd = out.toByteArray();
        put16(nd, Captures.protocolField(f, ip), 0x86dd);
        return f.withData(nd, f.originalLength() + 40 - ihl + l4Growth);
    }

    /** An IPv6 header for the IPv4 header at {@code ip}. */
    private static byte[] header(byte[] d, int ip, int next, int payloadLength) {
        byte[] h = new byte[40];
        h[0] = 0x60;
        put16(h, 4, payloadLength);
        h[6] = (byte) next;
        h[7] = d[ip + 8];
        address(d, ip + 12, h, 8);
        address(d, ip + 16, h, 24);
        return h;
    }

    /** a.b.c.d -> 2001:db8:c::d, written at {@code at}. */
    private static void address(byte[] d, int v4, byte[] out, int at) {
        put16(out, at, 0x2001);
        put16(out, at + 2, 0x0db8);
        put16(out, at + 4, d[v4 + 2] & 0xff);
        put16(out, at + 14, d[v4 + 3] & 0xff);
    }

    /** ICMP echo to ICMPv6 echo; frag-needed to Packet Too Big with the quoted packet rewritten. */
    private static byte[] icmp(byte[] l4) {
        if (l4.length < 8) {
            return l4;
        }
        int type = l4[0] & 0xff;
        int code = l4[1] & 0xff;
        byte[] out = l4.clone();
        if (type == 8 || type == 0) {
            out[0] = (byte) (type == 8 ? 128 : 129);
            return out;
        }
        if (type != 3 || code != 4) {
            return out;
        }
        int mtu = u16(l4, 6);
        byte[] quoted = java.util.Arrays.copyOfRange(l4, 8, l4.length);
        byte[] q6 = quoted;
        if (quoted.length >= 20 && (quoted[0] & 0xf0) == 0x40) {
            int qihl = (quoted[0] & 0x0f) * 4;
            if (qihl <= quoted.length) {
                ByteArrayOutputStream qo = new ByteArrayOutputStream();
                byte[] qh = header(quoted, 0, quoted[9] & 0xff, u16(quoted, 2) - qihl);
                qo.write(qh, 0, qh.length);
                qo.write(quoted, qihl, quoted.length - qihl);
                q6 = qo.toByteArray();
            }
        }
        byte[] ptb = new byte[8 + q6.length];
        ptb[0] = 2;
        ptb[1] = 0;
        put32(ptb, 4, mtu == 0 ? 0 : mtu + GROWTH);
        System.arraycopy(q6, 0, ptb, 8, q6.length);
        return ptb;
    }
}
