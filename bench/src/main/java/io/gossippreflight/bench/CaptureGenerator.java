package io.gossippreflight.bench;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a large synthetic capture for the analyze benchmark: bulk TCP transfers (full-size
 * segments, ACKs, a few retransmissions), internode gossip rounds on port 7000 with real
 * framed SYN/ACK/ACK2 messages, pings and ICMP frag-needed. Classic pcap, Ethernet,
 * microseconds.
 *
 * <p>{@code java -cp benchmarks.jar io.gossippreflight.bench.CaptureGenerator OUT.pcap PACKETS [SHAPE]}
 *
 * <p>SHAPE {@code gossip} (the default) is the above. {@code random7000} is shaped like captures
 * from elsewhere: 6 bulk flows, and 2 flows on port 7000 whose payload is random bytes (what a
 * capture started mid-stream, an unknown version or encryption look like), 0.2 % of segments
 * retransmitted, an ICMP frag-needed every 5,000 packets. {@code tls7000} is the same with the
 * two port-7000 flows carrying TLS (internode encryption: a handshake, then application-data
 * records).
 */
public final class CaptureGenerator {
    private static final int BULK_FLOWS = 4;
    private static final int MSS = 1448;

    private final OutputStream out;
    private final ByteBuffer frame = ByteBuffer.allocate(2048);
    private final ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private final long limit;
    private long written;
    private long micros = 1_700_000_000_000_000L;
    private final byte[] zeros = new byte[MSS];

    /** One direction of one TCP connection. */
    private static final class Dir {
        final int src;
        final int dst;
        final int sport;
        final int dport;
        int seq;
        int ack;
        int ipId;

        Dir(int src, int dst, int sport, int dport, int seq) {
            this.src = src;
            this.dst = dst;
            this.sport = sport;
            this.dport = dport;
            this.seq = seq;
            this.ipId = seq & 0x7fff;
        }
    }

    private CaptureGenerator(OutputStream out, long limit) {
        this.out = out;
        this.limit = limit;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3 || args.length == 3
                && !java.util.List.of("gossip", "random7000", "tls7000").contains(args[2])) {
            System.err.println("usage: CaptureGenerator OUT.pcap PACKETS [gossip|random7000|tls7000]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        long packets = Long.parseLong(args[1]);
        String shape = args.length == 3 ? args[2] : "gossip";
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            CaptureGenerator g = new CaptureGenerator(o, packets);
            g.header();
            if (shape.equals("gossip")) {
                g.run();
            } else {
                g.foreign(shape.equals("tls7000"));
            }
            System.err.printf("%d packets, %d bytes -> %s%n", g.written, Files.size(file), file);
        }
    }

    private void header() throws IOException {
        ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        g.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144).putInt(1);
        out.write(g.array());
    }

    private static int ip(int a, int b, int c, int d) {
        return a << 24 | b << 16 | c << 8 | d;
    }

    private void run() throws IOException {
        Dir[][] bulk = new Dir[BULK_FLOWS][];
        for (int i = 0; i < BULK_FLOWS; i++) {
            int sender = ip(10, 1, 0, 10 + i);
            int receiver = ip(10, 2, 0, 10 + i);
            Dir d = new Dir(sender, receiver, 40000 + i, 5001, 1000 * (i + 1));
            Dir r = new Dir(receiver, sender, 5001, 40000 + i, 900_000 * (i + 1));
            handshake(d, r);
            bulk[i] = new Dir[] {d, r};
        }
        int a = ip(198, 18, 1, 2);
        int b = ip(198, 18, 2, 2);
        Dir ab = new Dir(a, b, 45000, 7000, 111);
        Dir abBack = new Dir(b, a, 7000, 45000, 222);
        Dir ba = new Dir(b, a, 46000, 7000, 333);
        Dir baBack = new Dir(a, b, 7000, 46000, 444);
        handshake(ab, abBack);
        handshake(ba, baBack);
        byte[][] gossip = gossipMessages(a, b);
        data(ab, abBack, gossip[0], 0);       // initiate
        data(ba, baBack, gossip[1], 0);
        long tick = 0;
        while (written < limit) {
            for (Dir[] f : bulk) {
                int len = MSS;
                data(f[0], null, zeros, len);
                data(f[0], null, zeros, len);
                ack(f[1], f[0]);
            }
            if (tick % 50 == 0) {
                data(ab, abBack, gossip[2], 0);   // SYN a -> b
                ack(abBack, ab);
                data(ba, baBack, gossip[3], 0);   // ACK b -> a
                ack(baBack, ba);
                data(ab, abBack, gossip[4], 0);   // ACK2 a -> b
                ack(abBack, ab);
            }
            if (tick % 1000 == 500) {
                Dir f = bulk[(int) (tick / 1000) % BULK_FLOWS][0];
                icmpFragNeeded(ip(10, 1, 0, 1), f, 1400);
                ping(ip(10, 1, 0, 10), ip(10, 2, 0, 10), (int) tick);
            }
            if (tick % 5000 == 4999) {
                Dir f = bulk[0][0];
                f.seq -= MSS; // one retransmission
                data(f, null, zeros, MSS);
            }
            tick++;
        }
    }

    /** Bytes a flow sends, read round and round from a fixed buffer. */
    private static final class Source {
        final byte[] bytes;
        final int wrapTo;
        int at;

        Source(byte[] bytes, int wrapTo) {
            this.bytes = bytes;
            this.wrapTo = wrapTo;
        }

        /** The next {@code n} bytes, contiguous in {@link #bytes} from the returned offset. */
        int take(int n) {
            if (at + n > bytes.length) {
                at = wrapTo;
            }
            int o = at;
            at += n;
            return o;
        }
    }

    /** The random7000 and tls7000 shapes (see the class comment). */
    private void foreign(boolean tls) throws IOException {
        java.util.Random rnd = new java.util.Random(11);
        Dir[][] flows = new Dir[8][];
        Source[] sources = new Source[8];
        byte[] zeroStream = new byte[4 * MSS];
        for (int i = 0; i < 6; i++) {
            Dir d = new Dir(ip(10, 1, 0, 10 + i), ip(10, 2, 0, 10 + i), 40000 + i, 5001, 1000 * (i + 1));
            flows[i] = new Dir[] {d, new Dir(d.dst, d.src, 5001, 40000 + i, 900_000 * (i + 1))};
            sources[i] = new Source(zeroStream, 0);
        }
        int a = ip(198, 18, 1, 2);
        int b = ip(198, 18, 2, 2);
        flows[6] = new Dir[] {new Dir(a, b, 45000, 7000, 111), new Dir(b, a, 7000, 45000, 222)};
        flows[7] = new Dir[] {new Dir(b, a, 46000, 7000, 333), new Dir(a, b, 7000, 46000, 444)};
        for (Dir[] f : flows) {
            handshake(f[0], f[1]);
        }
        for (int i = 6; i < 8; i++) {
            sources[i] = tls ? tlsStream(rnd) : randomStream(rnd);
            if (tls) { // the handshake's first flight each way, then application data
                segments(flows[i][0], sources[i].bytes, sources[i].take(TLS_HELLO), TLS_HELLO);
                byte[] serverHello = tlsRecord(0x16, 3, 2, 118, rnd);
                segments(flows[i][1], serverHello, 0, serverHello.length);
                ack(flows[i][0], flows[i][1]);
            }
        }
        long nextIcmp = written + 5000;
        while (written < limit) {
            for (int i = 0; i < flows.length; i++) {
                Dir d = flows[i][0];
                for (int k = 0; k < 2; k++) {
                    int from = sources[i].take(MSS);
                    segments(d, sources[i].bytes, from, MSS);
                    if (rnd.nextInt(1000) < 2) { // 0.2 %: the same segment again
                        d.seq -= MSS;
                        segments(d, sources[i].bytes, from, MSS);
                    }
                }
                ack(flows[i][1], d);
            }
            if (written >= nextIcmp) {
                Dir f = flows[(int) (written / 5000) % 6][0];
                icmpFragNeeded(ip(10, 1, 0, 1), f, 1400);
                nextIcmp += 5000;
            }
        }
    }

    private static final int TLS_HELLO = 5 + 508;

    /** A TLS record: type, version 3.minor, a body of {@code length} bytes starting with {@code first}. */
    private static byte[] tlsRecord(int type, int minor, int first, int length, java.util.Random rnd) {
        byte[] r = new byte[5 + length];
        rnd.nextBytes(r);
        r[0] = (byte) type;
        r[1] = 3;
        r[2] = (byte) minor;
        r[3] = (byte) (length >> 8);
        r[4] = (byte) length;
        r[5] = (byte) first;
        return r;
    }

    /** A ClientHello, then 16 KiB application-data records of random bytes, round and round. */
    private static Source tlsStream(java.util.Random rnd) {
        int record = 5 + 16384;
        byte[] b = new byte[TLS_HELLO + 64 * record];
        System.arraycopy(tlsRecord(0x16, 1, 1, TLS_HELLO - 5, rnd), 0, b, 0, TLS_HELLO);
        for (int r = 0; r < 64; r++) {
            byte[] rec = tlsRecord(0x17, 3, rnd.nextInt(256), 16384, rnd);
            System.arraycopy(rec, 0, b, TLS_HELLO + r * record, record);
        }
        return new Source(b, TLS_HELLO); // wrapping cuts a record: the analyzer stops at the TLS handshake anyway
    }

    private static Source randomStream(java.util.Random rnd) {
        byte[] b = new byte[1 << 20];
        rnd.nextBytes(b);
        return new Source(b, 0);
    }

    private byte[][] gossipMessages(int a, int b) {
        SyntheticCluster cluster = SyntheticCluster.builder().endpoints(3).tokensPerEndpoint(16).seed(7).build();
        InetAddressAndPort from = InetAddressAndPort.of(new byte[] {(byte) 198, 18, 1, 2}, 7000);
        InetAddressAndPort fromB = InetAddressAndPort.of(new byte[] {(byte) 198, 18, 2, 2}, 7000);
        byte[] initA = initiate(from);
        byte[] initB = initiate(fromB);
        byte[] syn = framed(Message.gossip(1, 1000, cluster.syn()));
        byte[] ackMsg = framed(Message.gossip(2, 1000, cluster.shadowAck()));
        byte[] ack2 = framed(Message.gossip(3, 1000, cluster.ack2()));
        return new byte[][] {initA, initB, syn, ackMsg, ack2};
    }

    private static byte[] initiate(InetAddressAndPort from) {
        ByteBuf buf = Unpooled.buffer();
        Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.URGENT_MESSAGES, Framing.CRC, from)
                .encode(buf);
        byte[] b = new byte[buf.readableBytes()];
        buf.readBytes(b);
        return b;
    }

    private static byte[] framed(Message m) {
        ByteBuf payload = Unpooled.buffer();
        MessageSerializer.serialize(m, payload, MessagingVersion.V12);
        ByteBuf f = CrcFrameFormat.INSTANCE.encode(payload, true, UnpooledByteBufAllocator.DEFAULT);
        byte[] b = new byte[f.readableBytes()];
        f.readBytes(b);
        return b;
    }

    private void handshake(Dir c, Dir s) throws IOException {
        tcp(c, 0x02, null, 0, 0, c.seq - 1, 0);
        tcp(s, 0x12, null, 0, 0, s.seq - 1, c.seq);
        tcp(c, 0x10, null, 0, 0, c.seq, s.seq);
    }

    /** {@code len} bytes of {@code payload} from {@code off}, as one segment or several of at most MSS. */
    private void segments(Dir d, byte[] payload, int off, int len) throws IOException {
        for (int o = 0; o < len; o += MSS) {
            int seg = Math.min(MSS, len - o);
            tcp(d, 0x18, payload, off + o, seg, d.seq, d.ack);
            d.seq += seg;
        }
    }

    /** Data from d (payload copied in segments of at most MSS). */
    private void data(Dir d, Dir peer, byte[] payload, int len) throws IOException {
        int n = len > 0 ? len : payload.length;
        int off = 0;
        while (off < n) {
            int seg = Math.min(MSS, n - off);
            tcp(d, 0x18, payload, len > 0 ? 0 : off, seg, d.seq, d.ack);
            d.seq += seg;
            off += seg;
        }
    }

    private void ack(Dir from, Dir of) throws IOException {
        from.ack = of.seq;
        tcp(from, 0x10, null, 0, 0, from.seq, of.seq);
    }

    private void tcp(Dir d, int flags, byte[] payload, int off, int len, int seq, int ack) throws IOException {
        frame.clear();
        ethernet();
        int ipLen = 20 + 20 + 12 + len;
        ipv4(d.src, d.dst, 6, ipLen, d.ipId++, 64);
        frame.putShort((short) d.sport).putShort((short) d.dport).putInt(seq).putInt(ack);
        frame.putShort((short) (8 << 12 | flags)).putShort((short) 512).putInt(0);
        frame.put(new byte[] {1, 1, 8, 10}).putInt((int) (micros / 1000)).putInt(0);
        if (len > 0) {
            frame.put(payload, off, len);
        }
        emit();
    }

    private void icmpFragNeeded(int router, Dir about, int mtu) throws IOException {
        frame.clear();
        ethernet();
        ipv4(router, about.src, 1, 20 + 8 + 28, 1, 64);
        frame.put((byte) 3).put((byte) 4).putShort((short) 0).putShort((short) 0).putShort((short) mtu);
        int at = frame.position();
        ipv4(about.src, about.dst, 6, 1500, about.ipId - 1, 63);
        frame.putShort((short) about.sport).putShort((short) about.dport).putInt(about.seq - MSS);
        assert frame.position() == at + 28;
        emit();
    }

    private void ping(int src, int dst, int seq) throws IOException {
        for (int type : new int[] {8, 0}) {
            frame.clear();
            ethernet();
            ipv4(type == 8 ? src : dst, type == 8 ? dst : src, 1, 84, seq, 64);
            frame.put((byte) type).put((byte) 0).putShort((short) 0).putShort((short) 77).putShort((short) seq);
            frame.put(new byte[56]);
            emit();
        }
    }

    private void ethernet() {
        frame.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) 0x0800);
    }

    private void ipv4(int src, int dst, int proto, int totalLength, int id, int ttl) {
        frame.put((byte) 0x45).put((byte) 0).putShort((short) totalLength).putShort((short) id).putShort((short) 0x4000);
        frame.put((byte) ttl).put((byte) proto).putShort((short) 0).putInt(src).putInt(dst);
    }

    private void emit() throws IOException {
        int len = frame.position();
        rec.clear();
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(len).putInt(len);
        out.write(rec.array());
        out.write(frame.array(), 0, len);
        micros += 10;
        written++;
    }
}
