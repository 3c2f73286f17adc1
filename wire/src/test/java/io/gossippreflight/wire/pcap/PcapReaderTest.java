package io.gossippreflight.wire.pcap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test-only pcap reader and reassembly on a hand-built IPv6 capture (the fixtures are IPv4 only). */
class PcapReaderTest {
    static final byte[] A = ipv6("20010db8000000000000000000000001");
    static final byte[] B = ipv6("20010db8000000000000000000000002");

    static byte[] ipv6(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    /** Ethernet + IPv6 + TCP (20-byte header) packet. */
    static byte[] packet(byte[] src, int sport, byte[] dst, int dport, long seq, int flags, byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(14 + 40 + 20 + payload.length);
        b.put(new byte[12]).putShort((short) 0x86DD);
        b.putInt(0x60000000).putShort((short) (20 + payload.length)).put((byte) 6).put((byte) 64).put(src).put(dst);
        b.putShort((short) sport).putShort((short) dport).putInt((int) seq).putInt(0).put((byte) 0x50).put((byte) flags)
                .putShort((short) 65535).putInt(0);
        b.put(payload);
        return b.array();
    }

    static byte[] pcap(List<byte[]> packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer h = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        h.putInt(0xa1b2c3d4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65535).putInt(1);
        out.writeBytes(h.array());
        for (byte[] p : packets) {
            ByteBuffer r = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            r.putInt(0).putInt(0).putInt(p.length).putInt(p.length);
            out.writeBytes(r.array());
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void ipv6SegmentsReassembleWithRetransmissionsReorderingAndGaps(@TempDir Path dir) throws Exception {
        byte[] data = new byte[300];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) i;
        }
        long isn = 0xFFFFFF00L; // sequence numbers wrap inside the stream
        List<byte[]> pkts = List.of(
                packet(A, 40000, B, 7000, isn, 0x02, new byte[0]),
                packet(B, 7000, A, 40000, 5, 0x12, new byte[0]),
                packet(A, 40000, B, 7000, isn + 1 + 100, 0x18, Arrays.copyOfRange(data, 100, 150)),
                packet(A, 40000, B, 7000, isn + 1, 0x18, Arrays.copyOfRange(data, 0, 100)),
                packet(A, 40000, B, 7000, isn + 1 + 50, 0x18, Arrays.copyOfRange(data, 50, 120)), // overlapping retransmission
                packet(A, 40000, B, 7000, isn + 1 + 200, 0x18, Arrays.copyOfRange(data, 200, 300))); // 150..200 never captured
        Path f = dir.resolve("v6.pcap");
        Files.write(f, pcap(pkts));
        List<PcapReader.Segment> segs = PcapReader.tcpSegments(f);
        assertEquals(6, segs.size());
        assertEquals("2001:db8:0:0:0:0:0:1", segs.get(0).src());
        List<TcpStreams.Connection> conns = TcpStreams.connections(segs);
        assertEquals(1, conns.size());
        TcpStreams.Direction fwd = conns.get(0).forward();
        assertTrue(fwd.initiator());
        assertEquals(3, fwd.pieces().size());
        assertArrayEquals(Arrays.copyOfRange(data, 0, 150), fwd.pieces().get(0).bytes());
        assertNull(fwd.pieces().get(1).bytes());
        assertEquals(50, fwd.pieces().get(1).gap());
        assertArrayEquals(Arrays.copyOfRange(data, 200, 300), fwd.pieces().get(2).bytes());
        assertEquals(0, conns.get(0).backward().pieces().size());
    }
}
