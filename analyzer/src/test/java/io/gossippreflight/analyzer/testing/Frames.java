package io.gossippreflight.analyzer.testing;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;

/** Hand-built frames for parser tests: IPv4/IPv6 with TCP, UDP or ICMP, wrapped in a link layer. */
public final class Frames {
    private Frames() {
    }

    public static byte[] addr(String text) {
        try {
            return InetAddress.getByName(text).getAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A TCP segment builder (header + options + payload). */
    public static final class Tcp {
        int srcPort = 40000;
        int dstPort = 7000;
        int seq;
        int ack;
        int flags = 0x10;
        int window = 65535;
        final ByteArrayOutputStream options = new ByteArrayOutputStream();
        byte[] payload = new byte[0];
        int payloadLength = -1;

        public Tcp ports(int src, int dst) {
            srcPort = src;
            dstPort = dst;
            return this;
        }

        public Tcp seq(int s) {
            seq = s;
            return this;
        }

        public Tcp ack(int a) {
            ack = a;
            return this;
        }

        public Tcp flags(int f) {
            flags = f;
            return this;
        }

        public Tcp mss(int mss) {
            options.write(2);
            options.write(4);
            options.write(mss >>> 8);
            options.write(mss);
            return this;
        }

        public Tcp wscale(int s) {
            options.write(1);
            options.write(3);
            options.write(3);
            options.write(s);
            return this;
        }

        public Tcp sackPermitted() {
            options.write(1);
            options.write(1);
            options.write(4);
            options.write(2);
            return this;
        }

        public Tcp timestamps(int val, int ecr) {
            options.write(1);
            options.write(1);
            options.write(8);
            options.write(10);
            options.writeBytes(ByteBuffer.allocate(8).putInt(val).putInt(ecr).array());
            return this;
        }

        public Tcp sack(int... edges) {
            options.write(1);
            options.write(1);
            options.write(5);
            options.write(2 + 4 * edges.length);
            ByteBuffer bb = ByteBuffer.allocate(4 * edges.length);
            for (int e : edges) {
                bb.putInt(e);
            }
            options.writeBytes(bb.array());
            return this;
        }

        public Tcp rawOptions(byte... raw) {
            options.writeBytes(raw);
            return this;
        }

        public Tcp payload(byte[] p) {
            payload = p;
            return this;
        }

        public Tcp payload(int n) {
            payload = new byte[n];
            for (int i = 0; i < n; i++) {
                payload[i] = (byte) i;
            }
            return this;
        }

        public byte[] build() {
            byte[] opt = options.toByteArray();
            int optLen = (opt.length + 3) & ~3;
            int hl = 20 + optLen;
            ByteBuffer b = ByteBuffer.allocate(hl + payload.length);
            b.putShort((short) srcPort).putShort((short) dstPort).putInt(seq).putInt(ack);
            b.putShort((short) (((hl / 4) << 12) | flags)).putShort((short) window).putShort((short) 0).putShort((short) 0);
            b.put(opt);
            for (int i = opt.length; i < optLen; i++) {
                b.put((byte) 0);
            }
            b.put(payload);
            return b.array();
        }
    }

    public static Tcp tcp() {
        return new Tcp();
    }

    public static byte[] udp(int src, int dst, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.putShort((short) src).putShort((short) dst).putShort((short) (8 + payload)).putShort((short) 0);
        return b.array();
    }

    /** ICMP type 3 code 4 with the given next-hop MTU, quoting {@code quoted} (first 28+ bytes kept). */
    public static byte[] icmpFragNeeded(int mtu, byte[] quoted, int quoteBytes) {
        int q = Math.min(quoted.length, quoteBytes);
        ByteBuffer b = ByteBuffer.allocate(8 + q);
        b.put((byte) 3).put((byte) 4).putShort((short) 0).putShort((short) 0).putShort((short) mtu);
        b.put(quoted, 0, q);
        return b.array();
    }

    /** ICMPv6 Packet Too Big. */
    public static byte[] icmp6TooBig(int mtu, byte[] quoted, int quoteBytes) {
        int q = Math.min(quoted.length, quoteBytes);
        ByteBuffer b = ByteBuffer.allocate(8 + q);
        b.put((byte) 2).put((byte) 0).putShort((short) 0).putInt(mtu);
        b.put(quoted, 0, q);
        return b.array();
    }

    public static byte[] icmpEcho(int type, int id, int seq, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + payload);
        b.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) id).putShort((short) seq);
        return b.array();
    }

    /** An IPv4 packet; {@code options} multiple of 4 bytes. */
    public static byte[] ipv4(String src, String dst, int proto, int id, boolean df, int ttl, byte[] l4) {
        return ipv4(src, dst, proto, id, df, false, 0, ttl, new byte[0], l4);
    }

    public static byte[] ipv4(String src, String dst, int proto, int id, boolean df, boolean mf, int fragOffset, int ttl,
            byte[] options, byte[] l4) {
        int hl = 20 + options.length;
        ByteBuffer b = ByteBuffer.allocate(hl + l4.length);
        b.put((byte) (0x40 | (hl / 4))).put((byte) 0).putShort((short) (hl + l4.length)).putShort((short) id);
        b.putShort((short) ((df ? 0x4000 : 0) | (mf ? 0x2000 : 0) | (fragOffset / 8)));
        b.put((byte) ttl).put((byte) proto).putShort((short) 0).put(addr(src)).put(addr(dst)).put(options).put(l4);
        return b.array();
    }

    /** An IPv6 packet with optional raw extension headers (each: next header byte first). */
    public static byte[] ipv6(String src, String dst, int firstNext, int hopLimit, byte[] extensions, byte[] l4) {
        ByteBuffer b = ByteBuffer.allocate(40 + extensions.length + l4.length);
        b.putInt(0x60000000).putShort((short) (extensions.length + l4.length)).put((byte) firstNext).put((byte) hopLimit);
        b.put(addr(src)).put(addr(dst)).put(extensions).put(l4);
        return b.array();
    }

    public static byte[] ethernet(byte[] ip, int... vlans) {
        boolean v6 = (ip[0] & 0xf0) == 0x60;
        ByteBuffer b = ByteBuffer.allocate(14 + 4 * vlans.length + ip.length);
        b.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2});
        for (int v : vlans) {
            b.putShort((short) 0x8100).putShort((short) v);
        }
        b.putShort((short) (v6 ? 0x86DD : 0x0800)).put(ip);
        return b.array();
    }

    public static byte[] sll(byte[] ip, int packetType) {
        boolean v6 = (ip[0] & 0xf0) == 0x60;
        ByteBuffer b = ByteBuffer.allocate(16 + ip.length);
        b.putShort((short) packetType).putShort((short) 1).putShort((short) 6).put(new byte[8]);
        b.putShort((short) (v6 ? 0x86DD : 0x0800)).put(ip);
        return b.array();
    }

    public static byte[] sll2(byte[] ip, int ifIndex, int packetType) {
        boolean v6 = (ip[0] & 0xf0) == 0x60;
        ByteBuffer b = ByteBuffer.allocate(20 + ip.length);
        b.putShort((short) (v6 ? 0x86DD : 0x0800)).putShort((short) 0).putInt(ifIndex).putShort((short) 1)
                .put((byte) packetType).put((byte) 6).put(new byte[8]).put(ip);
        return b.array();
    }

    /** BSD loopback (LINKTYPE_NULL) in little-endian host order, or LINKTYPE_LOOP in network order. */
    public static byte[] loopback(byte[] ip, boolean networkOrder, int family) {
        ByteBuffer b = ByteBuffer.allocate(4 + ip.length);
        b.putInt(networkOrder ? family : Integer.reverseBytes(family)).put(ip);
        return b.array();
    }
}
