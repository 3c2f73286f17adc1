package io.gossippreflight.analyzer.testing;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.wire.codec.VInt;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.message.Verb;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
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
 * Writes captures built to make the analyzer hold memory (issue: analyze memory grows with the
 * input), streamed to disk so that millions of packets cost the writer nothing. Each connection
 * is 198.18.1.2:(40000+i) -> 198.18.2.2:7000, opens with a real handshake and a 4.0+ Initiate.
 *
 * <p>{@code java -cp analyzer-tests HostileCaptures holes OUT CONNECTIONS SEGMENTS} or
 * {@code ... large OUT CONNECTIONS MESSAGE_BYTES SENT_BYTES}.
 */
public final class HostileCaptures implements AutoCloseable {
    private final OutputStream out;
    private final ByteBuffer rec = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
    private long micros = 1_700_000_000_000_000L;
    private final int[] seq;

    private HostileCaptures(Path file, int connections) throws IOException {
        out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
        ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        g.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(262144)
                .putInt(LinkType.ETHERNET);
        out.write(g.array());
        seq = new int[connections];
        for (int c = 0; c < connections; c++) {
            seq[c] = 1_000 + c * 7919;
            open(c);
        }
    }

    private void write(int c, boolean fromA, int flags, int s, int a, byte[] payload, int off, int len) throws IOException {
        byte[] p = new byte[len];
        System.arraycopy(payload, off, p, 0, len);
        Frames.Tcp t = Frames.tcp().ports(fromA ? 40000 + c : 7000, fromA ? 7000 : 40000 + c).seq(s).ack(a).flags(flags)
                .payload(p);
        if ((flags & Packet.TCP_SYN) != 0) {
            t.mss(1460);
        }
        byte[] ip = Frames.ipv4(fromA ? Scenario.A : Scenario.B, fromA ? Scenario.B : Scenario.A, 6, s & 0xffff, true, 64,
                t.build());
        byte[] frame = Frames.ethernet(ip);
        rec.clear();
        rec.putInt((int) (micros / 1_000_000)).putInt((int) (micros % 1_000_000)).putInt(frame.length).putInt(frame.length);
        out.write(rec.array());
        out.write(frame);
        micros += 10;
    }

    private static final byte[] NONE = new byte[0];

    private void open(int c) throws IOException {
        write(c, true, Packet.TCP_SYN, seq[c] - 1, 0, NONE, 0, 0);
        write(c, false, Packet.TCP_SYN | Packet.TCP_ACK, 500_000, seq[c], NONE, 0, 0);
        write(c, true, Packet.TCP_ACK, seq[c], 500_001, NONE, 0, 0);
        byte[] init = InternodeStreams.initiate(Framing.CRC);
        data(c, init, 0, init.length);
    }

    private void data(int c, byte[] b, int off, int len) throws IOException {
        write(c, true, Packet.TCP_ACK | Packet.TCP_PSH, seq[c], 500_001, b, off, len);
        seq[c] += len;
    }

    /**
     * Per connection: a 10-byte hole the capture never has, then {@code segments} 1-byte segments
     * (the connections' segments interleaved): every byte waits behind the hole.
     */
    public static void holes(Path file, int connections, int segments) throws IOException {
        try (HostileCaptures w = new HostileCaptures(file, connections)) {
            for (int c = 0; c < connections; c++) {
                w.seq[c] += 10;
            }
            byte[] one = {0x42};
            for (int i = 0; i < segments; i++) {
                for (int c = 0; c < connections; c++) {
                    w.data(c, one, 0, 1);
                }
            }
        }
    }

    /**
     * Per connection: the CRC frames of a message announcing {@code messageBytes} bytes, of which
     * {@code sentBytes} are sent and the rest never (the connections' frames interleaved).
     */
    public static void largeMessages(Path file, int connections, int messageBytes, long sentBytes) throws IOException {
        FrameFormat crc = FrameFormat.of(Framing.CRC);
        ByteBuf header = Unpooled.buffer();
        VInt.write(header, 1); // id
        header.writeInt(0); // created at
        VInt.write(header, 10_000); // expires in
        VInt.write(header, Verb.SCHEMA_PULL_RSP.id());
        VInt.write(header, 0); // flags
        VInt.write(header, 0); // params
        VInt.write(header, messageBytes - header.readableBytes() - VInt.sizeOf(messageBytes)); // payload size
        byte[] first = new byte[FrameFormat.MAX_PAYLOAD];
        header.readBytes(first, 0, header.readableBytes());
        byte[] firstFrame = encode(crc, first);
        byte[] nextFrame = encode(crc, new byte[FrameFormat.MAX_PAYLOAD]);
        try (HostileCaptures w = new HostileCaptures(file, connections)) {
            for (long sent = 0; sent < sentBytes; sent += FrameFormat.MAX_PAYLOAD) {
                byte[] f = sent == 0 ? firstFrame : nextFrame;
                for (int c = 0; c < connections; c++) {
                    for (int o = 0; o < f.length; o += 1448) {
                        w.data(c, f, o, Math.min(1448, f.length - o));
                    }
                }
            }
        }
    }

    private static byte[] encode(FrameFormat f, byte[] payload) {
        ByteBuf b = f.encode(Unpooled.wrappedBuffer(payload), false, UnpooledByteBufAllocator.DEFAULT);
        byte[] out = ByteBufUtil.getBytes(b);
        b.release();
        return out;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[1]);
        if (args[0].equals("holes")) {
            holes(out, Integer.parseInt(args[2]), Integer.parseInt(args[3]));
        } else {
            largeMessages(out, Integer.parseInt(args[2]), Integer.parseInt(args[3]), Long.parseLong(args[4]));
        }
    }
}
