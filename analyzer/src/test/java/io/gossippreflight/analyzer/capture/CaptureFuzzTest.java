package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.gossip.ReassemblyBudget;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import io.gossippreflight.analyzer.pass.CapturePass;
import io.gossippreflight.analyzer.pass.PointRegistry;
import io.gossippreflight.analyzer.testing.Frames;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fuzz targets over what reads untrusted captures: the pcap and pcapng readers, the packet
 * decoder (link layers, IPv4/IPv6 options and extension headers, TCP options, ICMP quotes) and
 * TCP tracking with gossip stream reassembly. The property for every input: it ends in packets
 * or the readers' own {@link CaptureFormatException} (nothing else, no hang, nothing unbounded),
 * and what is decoded stays inside the bytes captured. Plain {@code mvn verify} replays the
 * corpus under src/test/resources/io/gossippreflight/analyzer/capture/CaptureFuzzTestInputs
 * (seeded from the shared captures); {@code make fuzz} fuzzes (JAZZER_FUZZ=1).
 */
class CaptureFuzzTest {
    /** Reads a whole capture from memory; every packet must lie inside the input. */
    private static void readAll(byte[] data, boolean ng) throws Exception {
        PacketDecoder decoder = new PacketDecoder();
        Packet p = new Packet();
        try (PacketSource s = ng ? PcapNgReader.open("fuzz", new BytesWindow(data))
                : ClassicPcapReader.open("fuzz", new BytesWindow(data))) {
            RawPacket r = new RawPacket();
            long n = 0;
            while (s.next(r)) {
                assertTrue(r.offset >= 0 && r.capturedLength >= 0 && r.offset + r.capturedLength <= data.length,
                        "packet " + n + " outside the input");
                assertTrue(r.originalLength >= r.capturedLength);
                checkDecoded(decoder.decode(r, p), p, r.offset, r.capturedLength);
                n++;
            }
            assertTrue(n <= data.length / 12 + 1, "more packets than the bytes can hold");
        } catch (CaptureFormatException expected) {
            // the readers' own way to say no
        }
    }

    @FuzzTest(maxDuration = "2m")
    void pcapReader(byte[] data) throws Exception {
        readAll(data, false);
    }

    @FuzzTest(maxDuration = "2m")
    void pcapngReader(byte[] data) throws Exception {
        readAll(data, true);
    }

    private static final int[] LINKS = {LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.LINUX_SLL2, LinkType.RAW,
        LinkType.NULL, LinkType.LOOP, LinkType.IPV4, LinkType.IPV6, LinkType.RAW_12, LinkType.RAW_14};

    /** Every offset the decoder hands out lies inside the captured bytes. */
    private static void checkDecoded(int status, Packet p, int off, int len) {
        if (status != PacketDecoder.OK) {
            return;
        }
        int end = off + len;
        assertTrue(p.ipOffset >= off && p.ipOffset <= end, "ip offset");
        if (p.isTcp()) { // a TCP header cut short leaves the IP layer only
            assertTrue(p.payloadCaptured >= 0 && p.payloadOffset >= off && p.payloadOffset + p.payloadCaptured <= end,
                    "tcp payload outside the capture");
            assertTrue(p.payloadCaptured <= p.payloadLength || p.payloadLength < 0, "captured more than sent");
        }
    }

    /** One frame: the first byte picks the link type, the rest is the frame. */
    @FuzzTest(maxDuration = "2m")
    void packetDecoder(byte[] data) {
        if (data.length == 0) {
            return;
        }
        int link = LINKS[(data[0] & 0xff) % LINKS.length];
        // at an offset inside a larger buffer, as the readers hand frames out
        ByteBuffer b = ByteBuffer.allocate(data.length + 16);
        b.position(7);
        b.put(data, 1, data.length - 1);
        Packet p = new Packet();
        checkDecoded(new PacketDecoder().decode(b, 7, data.length - 1, link, p), p, 7, data.length - 1);
    }

    /**
     * The bytes every scripted connection carries: segment bytes come from their offset in it. A
     * real internode stream first (CaptureFuzzTest-stream.bin: handshake and CRC frames of gossip
     * from the shared two-node-join-a capture, written by {@link CaptureFuzzSeedWriter}), so the
     * decoder behind reassembly decodes frames and messages and, after a hole, finds the next
     * frame; then bytes that are no protocol, so a direction can also start mid-stream on
     * garbage. Not only garbage: scanning every byte for a frame header made a run cost
     * milliseconds and decoded nothing.
     */
    private static final byte[] STREAM = new byte[1 << 16];

    static {
        byte[] real;
        try (java.io.InputStream in = CaptureFuzzTest.class.getResourceAsStream("CaptureFuzzTest-stream.bin")) {
            real = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        System.arraycopy(real, 0, STREAM, 0, Math.min(real.length, STREAM.length));
        for (int i = real.length; i < STREAM.length; i++) {
            STREAM[i] = (byte) (i * 31 + (i >> 8));
        }
    }

    /** Ethernet + IPv4 + TCP headers of a scripted segment, no options. */
    static final int HEADERS = 14 + 20 + 20;
    static final int MAX_SCRIPTED_PAYLOAD = 1600;
    private static final byte[] HOST_A = {(byte) 198, 18, 1, 2};
    private static final byte[] HOST_B = {(byte) 198, 18, 2, 2};

    /**
     * Writes the segment scripted by the 6 input bytes at {@code at} into {@code frame} and
     * returns the frame's length: direction and flags, a sequence offset, a length up to 1,600 with bytes
     * taken from {@link #STREAM} at that offset, an ack. Built in place with bulk copies rather
     * than through {@link Frames}: per-byte loops and per-segment allocations in the harness cost
     * more than the code under test once Jazzer instruments every comparison; the bytes are the
     * same ({@code scriptedFramesMatchFrames}).
     */
    static int scriptedSegment(byte[] data, int at, byte[] frame) {
        boolean fromA = (data[at] & 1) == 0;
        int flags = (data[at] >> 1) & 0x3f | Packet.TCP_ACK;
        int rel = ((data[at + 1] & 0xff) << 8 | (data[at + 2] & 0xff)) - 256;
        int len = ((data[at + 3] & 0xff) << 8 | (data[at + 4] & 0xff)) % (MAX_SCRIPTED_PAYLOAD + 1);
        int ack = (data[at + 5] & 0xff) * 64;
        ByteBuffer b = ByteBuffer.wrap(frame);
        b.putInt(0x02000000).putInt(0x00010200).putInt(0x00000002).putShort((short) 0x0800); // as Frames.ethernet
        b.put((byte) 0x45).put((byte) 0).putShort((short) (40 + len)).putShort((short) at).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(fromA ? HOST_A : HOST_B).put(fromA ? HOST_B : HOST_A);
        b.putShort((short) (fromA ? 45000 : 7000)).putShort((short) (fromA ? 7000 : 45000))
                .putInt((fromA ? 100_000 : 900_000) + rel).putInt((fromA ? 900_000 : 100_000) + ack)
                .putShort((short) ((5 << 12) | flags)).putShort((short) 65535).putInt(0);
        int start = rel & 0xffff;
        int first = Math.min(len, STREAM.length - start);
        System.arraycopy(STREAM, start, frame, HEADERS, first);
        System.arraycopy(STREAM, 0, frame, HEADERS + first, len - first);
        return HEADERS + len;
    }

    /**
     * A TCP conversation on the internode port scripted by the input: each 6 bytes are one
     * segment ({@link #scriptedSegment}), at most 512 segments. Through the flow tracker and
     * gossip reassembly under a small budget; everything charged to the budget is given back at
     * the end.
     */
    @FuzzTest(maxDuration = "2m")
    void tcpReassembler(byte[] data) {
        ReassemblyBudget budget = new ReassemblyBudget(256 << 10);
        GossipStreams gossip = new GossipStreams(7000, budget);
        CapturePass pass = new CapturePass("fuzz", new PointRegistry(), CapturePass.Limits.defaults(), List.of(gossip));
        byte[] frame = new byte[HEADERS + MAX_SCRIPTED_PAYLOAD];
        ByteBuffer buffer = ByteBuffer.wrap(frame); // reused like the readers' buffers: the pass keeps no frame
        RawPacket raw = new RawPacket();
        long t = 1_700_000_000_000_000_000L;
        for (int i = 0; i + 6 <= data.length && i < 6 * 512; i += 6) {
            int n = scriptedSegment(data, i, frame);
            raw.set(buffer, 0, n, n, LinkType.ETHERNET, 0, t + i * 1000L, i);
            pass.accept(raw);
        }
        pass.finish("fuzz", "pcap", List.of(), null);
        assertEquals(0, budget.used(), "the reassembly budget is given back");
    }

    /** The harness's in-place segments are byte for byte what {@link Frames} builds from the same script. */
    @Test
    void scriptedFramesMatchFrames() {
        java.util.Random random = new java.util.Random(16);
        byte[] frame = new byte[HEADERS + MAX_SCRIPTED_PAYLOAD];
        for (int round = 0; round < 2000; round++) {
            byte[] data = new byte[6];
            random.nextBytes(data);
            int i = random.nextInt(512) * 6;
            byte[] script = new byte[i + 6];
            System.arraycopy(data, 0, script, i, 6);
            boolean fromA = (data[0] & 1) == 0;
            int flags = (data[0] >> 1) & 0x3f | Packet.TCP_ACK;
            int rel = ((data[1] & 0xff) << 8 | (data[2] & 0xff)) - 256;
            int len = ((data[3] & 0xff) << 8 | (data[4] & 0xff)) % 1601;
            int ack = (data[5] & 0xff) * 64;
            byte[] payload = new byte[len];
            for (int k = 0; k < len; k++) {
                payload[k] = STREAM[(rel + k) & 0xffff];
            }
            Frames.Tcp tcp = Frames.tcp().ports(fromA ? 45000 : 7000, fromA ? 7000 : 45000)
                    .seq((fromA ? 100_000 : 900_000) + rel).ack((fromA ? 900_000 : 100_000) + ack).flags(flags)
                    .payload(payload);
            byte[] expected = Frames.ethernet(Frames.ipv4(fromA ? "198.18.1.2" : "198.18.2.2",
                    fromA ? "198.18.2.2" : "198.18.1.2", 6, i, true, 64, tcp.build()));
            int n = scriptedSegment(script, i, frame);
            assertArrayEquals(expected, java.util.Arrays.copyOf(frame, n), "segment " + round);
        }
    }
}
