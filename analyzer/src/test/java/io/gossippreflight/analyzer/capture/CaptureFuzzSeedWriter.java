package io.gossippreflight.analyzer.capture;

import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import io.gossippreflight.analyzer.testing.Frames;
import io.gossippreflight.fixtures.FixtureFiles;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Writes the seed corpus of {@link CaptureFuzzTest} from the shared captures (fixtures/captures): run
 * with -Dgp.writeFuzzSeeds=true (not part of the normal build). Seeds: the head of each capture
 * as pcap and as pcapng, one frame of each kind (SYN, data, ICMP, ...) for the packet decoder, and
 * the segments of the start of each connection as scripts for the reassembler, and the bytes the
 * reassembler's scripted segments carry: the longest in-order port-7000 direction of
 * two-node-join-a (a real Cassandra 5.0.9 stream: handshake, then CRC frames of gossip).
 */
@EnabledIfSystemProperty(named = "gp.writeFuzzSeeds", matches = "true")
class CaptureFuzzSeedWriter {
    private static final String[] CAPTURES = {"cassandra-5.0.9/two-node-join-a.pcap",
        "cassandra-5.0.9/blackhole-16tokens-ga.pcap", "cassandra-5.0.9/control-pmtud-icmp-allowed-ga.pcap",
        // the other framings (LZ4, TLS, messaging 13) and the project's own node
        "cassandra-5.0.9-modes/lz4-join-a.pcap", "cassandra-5.0.9-modes/tls-join-a.pcap",
        "cassandra-5.0.9-modes/v13-join-a.pcap", "preflight-node/six-point-a.pcap"};

    @Test
    void write() throws Exception {
        Path root = FixtureFiles.repoRoot()
                .resolve("analyzer/src/test/resources/io/gossippreflight/analyzer/capture/CaptureFuzzTestInputs");
        Set<String> kinds = new HashSet<>();
        for (String name : CAPTURES) {
            Path file = FixtureFiles.capture(name);
            byte[] all = Files.readAllBytes(file);
            String stem = name.substring(name.indexOf('/') + 1).replace(".pcap", "");
            write(root.resolve("pcapReader"), stem, Arrays.copyOf(all, Math.min(all.length, 6000)));
            ByteArrayOutputStream ng = new ByteArrayOutputStream();
            ng.writeBytes(shb());
            ng.writeBytes(idb(1, 262144));
            ByteArrayOutputStream script = new ByteArrayOutputStream();
            PacketDecoder d = new PacketDecoder();
            Packet p = new Packet();
            try (PacketSource s = CaptureFiles.open(file)) {
                RawPacket r = new RawPacket();
                int n = 0;
                while (s.next(r) && n < 400) {
                    byte[] frame = r.bytes();
                    if (n < 12) {
                        ng.writeBytes(epb(frame, r.timestampNanos / 1000));
                    }
                    if (d.decode(r, p) == PacketDecoder.OK) {
                        String kind = p.protocol + "/" + p.tcpFlags + "/" + p.icmpType + "/" + (p.payloadLength > 0);
                        if (kinds.add(kind)) {
                            byte[] seed = new byte[frame.length + 1];
                            seed[0] = 0; // LinkType index 0: Ethernet
                            System.arraycopy(frame, 0, seed, 1, frame.length);
                            write(root.resolve("packetDecoder"), "frame-" + kinds.size(), seed);
                        }
                        if (p.protocol == 6 && script.size() < 6 * 64) {
                            boolean fromA = p.dstPort == 7000;
                            int rel = (p.seq & 0x3fff) + 256;
                            script.write((fromA ? 0 : 1) | (p.tcpFlags & 0x3f) << 1);
                            script.write(rel >> 8);
                            script.write(rel);
                            script.write(p.payloadLength >> 8);
                            script.write(p.payloadLength);
                            script.write(p.ack & 0xff);
                        }
                    }
                    n++;
                }
            }
            write(root.resolve("pcapngReader"), stem, ng.toByteArray());
            write(root.resolve("tcpReassembler"), stem, script.toByteArray());
        }
        synthetic(root.resolve("packetDecoder"));
        Files.write(root.resolveSibling("CaptureFuzzTest-stream.bin"),
                longestStream(FixtureFiles.capture("cassandra-5.0.9/two-node-join-a.pcap")));
    }

    /** The longest port-7000 direction readable in order from its SYN with no hole, as bytes. */
    private static byte[] longestStream(Path file) throws Exception {
        java.util.Map<String, java.util.TreeMap<Long, byte[]>> dirs = new java.util.HashMap<>();
        java.util.Map<String, Long> first = new java.util.HashMap<>();
        PacketDecoder d = new PacketDecoder();
        Packet p = new Packet();
        try (PacketSource s = CaptureFiles.open(file)) {
            RawPacket r = new RawPacket();
            while (s.next(r)) {
                if (d.decode(r, p) != PacketDecoder.OK || !p.isTcp() || (p.srcPort != 7000 && p.dstPort != 7000)) {
                    continue;
                }
                String key = p.srcHi + "/" + p.srcLo + ":" + p.srcPort + ">" + p.dstHi + "/" + p.dstLo + ":" + p.dstPort;
                if (p.syn()) {
                    first.put(key, (p.seq & 0xffffffffL) + 1);
                } else if (first.containsKey(key) && p.payloadCaptured > 0) {
                    byte[] frame = r.bytes();
                    int at = p.payloadOffset - r.offset;
                    dirs.computeIfAbsent(key, k -> new java.util.TreeMap<>()).put(
                            ((p.seq & 0xffffffffL) - first.get(key)) & 0xffffffffL,
                            Arrays.copyOfRange(frame, at, at + p.payloadCaptured));
                }
            }
        }
        byte[] best = new byte[0];
        for (java.util.TreeMap<Long, byte[]> segments : dirs.values()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long next = 0;
            for (java.util.Map.Entry<Long, byte[]> e : segments.entrySet()) {
                if (e.getKey() > next) {
                    break; // a hole: keep what came before it
                }
                int skip = (int) (next - e.getKey());
                if (skip < e.getValue().length) {
                    out.write(e.getValue(), skip, e.getValue().length - skip);
                    next = e.getKey() + e.getValue().length;
                }
            }
            if (out.size() > best.length) {
                best = out.toByteArray();
            }
        }
        return best;
    }

    /** What the captures lack: VLAN tags, cooked headers, IP options, IPv6 extension headers, TCP options, quotes. */
    private static void synthetic(Path dir) throws Exception {
        byte[] tcp = Frames.tcp().ports(45000, 7000).seq(1).ack(2).flags(0x18).mss(1460).wscale(7).sackPermitted()
                .timestamps(1, 2).sack(10, 20).payload(40).build();
        byte[] v4 = Frames.ipv4("198.18.1.2", "198.18.2.2", 6, 1, true, false, 0, 64,
                new byte[] {(byte) 0x94, 4, 0, 0, 1, 1, 1, 0}, tcp); // router alert, NOPs, end
        // hop-by-hop (PadN), routing, then a fragment header, then TCP
        byte[] ext = {43, 0, 1, 4, 0, 0, 0, 0, 44, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 1};
        byte[] v6 = Frames.ipv6("2001:db8:1::2", "2001:db8:2::2", 0, 64, ext, tcp);
        byte[] quote = Frames.ipv4("198.18.1.2", "198.18.2.2", 6, 7, true, 64, tcp);
        byte[] icmp = Frames.ipv4("198.18.1.1", "198.18.1.2", 1, 9, false, 64, Frames.icmpFragNeeded(1422, quote, 548));
        byte[] icmp6 = Frames.ipv6("2001:db8:1::1", "2001:db8:1::2", 58, 64, new byte[0],
                Frames.icmp6TooBig(1280, Frames.ipv6("2001:db8:1::2", "2001:db8:2::2", 6, 64, new byte[0], tcp), 1232));
        seed(dir, "vlan-qinq", 0, Frames.ethernet(v4, 100, 200));
        seed(dir, "sll-v6-ext", 1, Frames.sll(v6, 4));
        seed(dir, "sll2-icmp", 2, Frames.sll2(icmp, 3, 4));
        seed(dir, "raw-icmp6", 3, icmp6);
        seed(dir, "null-v4", 4, Frames.loopback(v4, false, 2));
        seed(dir, "loop-v6", 5, Frames.loopback(v6, true, 24));
    }

    /** A packetDecoder seed: the index of the link type in CaptureFuzzTest's list, then the frame. */
    private static void seed(Path dir, String name, int link, byte[] frame) throws Exception {
        byte[] seed = new byte[frame.length + 1];
        seed[0] = (byte) link;
        System.arraycopy(frame, 0, seed, 1, frame.length);
        write(dir, name, seed);
    }

    private static void write(Path dir, String name, byte[] b) throws Exception {
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), b);
    }

    private static ByteBuffer le(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] shb() {
        return le(28).putInt(0x0A0D0D0A).putInt(28).putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
                .putLong(-1).putInt(28).array();
    }

    private static byte[] idb(int linkType, int snap) {
        return le(20).putInt(1).putInt(20).putShort((short) linkType).putShort((short) 0).putInt(snap).putInt(20).array();
    }

    private static byte[] epb(byte[] frame, long micros) {
        int padded = (frame.length + 3) & ~3;
        int len = 32 + padded;
        ByteBuffer b = le(len).putInt(6).putInt(len).putInt(0).putInt((int) (micros >>> 32)).putInt((int) micros)
                .putInt(frame.length).putInt(frame.length);
        b.put(frame);
        b.position(28 + padded);
        return b.putInt(len).array();
    }
}
