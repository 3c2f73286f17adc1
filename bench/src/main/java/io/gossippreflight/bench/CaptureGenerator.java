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
 * <p>{@code java -cp benchmarks.jar io.gossippreflight.bench.CaptureGenerator OUT.pcap PACKETS}
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
        if (args.length != 2) {
            System.err.println("usage: CaptureGenerator OUT.pcap PACKETS");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        long packets = Long.parseLong(args[1]);
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            CaptureGenerator g = new CaptureGenerator(o, packets);
            g.header();
            g.run();
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
