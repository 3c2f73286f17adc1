package io.gossippreflight.node.net;

import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.packet.Addresses;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/** The bytes one side of a TCP connection sent, from a capture file (tests against real Cassandra traffic). */
final class CaptureStreams {
    private CaptureStreams() {
    }

    /** Payload sent from src:srcPort to dst:dstPort (after its SYN), in sequence order, retransmissions once. */
    static byte[] sent(Path pcap, String src, int srcPort, String dst, int dstPort) throws IOException {
        Map<Long, byte[]> bySeq = new TreeMap<>();
        Long isn = null;
        try (PacketSource in = CaptureFiles.open(pcap)) {
            RawPacket raw = new RawPacket();
            Packet p = new Packet();
            PacketDecoder decoder = new PacketDecoder();
            while (in.next(raw)) {
                if (decoder.decode(raw, p) != PacketDecoder.OK || p.protocol != Packet.PROTO_TCP || p.srcPort != srcPort
                        || p.dstPort != dstPort || !Addresses.toString(p.srcHi, p.srcLo).equals(src)
                        || !Addresses.toString(p.dstHi, p.dstLo).equals(dst)) {
                    continue;
                }
                long seq = Integer.toUnsignedLong(p.seq);
                if ((p.tcpFlags & Packet.TCP_SYN) != 0) {
                    isn = seq;
                    continue;
                }
                if (p.payloadCaptured > 0 && isn != null) {
                    byte[] b = new byte[p.payloadCaptured];
                    raw.data.get(p.payloadOffset, b);
                    bySeq.putIfAbsent((seq - isn - 1) & 0xFFFF_FFFFL, b); // offset in the stream, across a wrap
                }
            }
        }
        if (isn == null) {
            throw new IllegalStateException("no SYN from " + src + ":" + srcPort + " in " + pcap);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = 0;
        for (Map.Entry<Long, byte[]> e : bySeq.entrySet()) {
            long seq = e.getKey();
            byte[] b = e.getValue();
            if (seq + b.length <= next) {
                continue; // a retransmission of bytes we have
            }
            if (seq > next) {
                throw new IllegalStateException("gap in the capture at sequence " + next);
            }
            out.write(b, (int) (next - seq), (int) (seq + b.length - next));
            next = seq + b.length;
        }
        return out.toByteArray();
    }
}
