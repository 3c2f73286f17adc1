package io.gossippreflight.analyzer.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.capture.CaptureFiles;
import io.gossippreflight.analyzer.capture.CaptureFormatException;
import io.gossippreflight.analyzer.capture.ClassicPcapReader;
import io.gossippreflight.analyzer.capture.PacketSource;
import io.gossippreflight.analyzer.capture.RawPacket;
import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.gossip.GossipStreams;
import io.gossippreflight.analyzer.testing.CaptureFileBuilder;
import io.gossippreflight.fixtures.FixtureFiles;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipelined pass (reading thread + analysing thread through a ring of buffers) gives exactly
 * what the single-threaded pass gives: same flows, ranges, transmissions, ICMP, pings, samples
 * and gossip messages. Tiny buffers and batches force a buffer change every few frames, frames
 * larger than a buffer, and batches handed over when full and when their buffer is left.
 */
class PipelinedPassTest {
    static final String[] FIXTURES = {"blackhole-16tokens-a", "blackhole-16tokens-b", "blackhole-16tokens-ga",
        "blackhole-16tokens-gb", "control-pmtud-icmp-allowed-a", "control-pmtud-icmp-allowed-ga", "two-node-join-a"};

    /**
     * {buffers, buffer size, batch, decode on the reading thread when this many batches wait}: from
     * "every frame changes buffer" to the defaults; headers decoded by the analysing thread, by
     * the reading thread, or as the queue says.
     */
    static final int[][] SHAPES = {{2, 2048, 1, Integer.MAX_VALUE}, {2, 2048, 1, 0}, {3, 4096, 7, 0},
        {3, 4096, 7, Integer.MAX_VALUE}, {2, 65536, 512, 0}, {4, 1 << 20, 512, 2}};

    @Test
    void fixturesGiveTheSamePassInEveryShape() throws Exception {
        for (String name : FIXTURES) {
            Path file = FixtureFiles.capture("cassandra-5.0.9/" + name + ".pcap");
            String expected = sequential(file);
            for (int[] shape : SHAPES) {
                assertEquals(expected, pipelined(file, shape, false), name + " with ring " + Arrays.toString(shape));
            }
        }
    }

    @Test
    void pcapngWithSkippedBlocksBetweenPackets(@TempDir Path dir) throws Exception {
        // several non-packet blocks between packets: one call for the next frame can leave several buffers
        CaptureFileBuilder.PcapNg ng = new CaptureFileBuilder.PcapNg(ByteOrder.LITTLE_ENDIAN).iface(1, 262144, 6, "eth0");
        Path src = FixtureFiles.capture("cassandra-5.0.9/blackhole-16tokens-ga.pcap");
        try (PacketSource s = ClassicPcapReader.openBuffered(src)) {
            RawPacket raw = new RawPacket();
            int i = 0;
            while (s.next(raw)) {
                if (i++ % 5 == 0) {
                    ng.block(0x0BAD, new byte[1500]).block(0x0BAD, new byte[3000]);
                }
                ng.epb(0, raw.timestampNanos / 1000, raw.bytes(), raw.capturedLength, raw.originalLength);
            }
        }
        Path file = ng.write(dir.resolve("ga.pcapng"));
        String expected = sequential(file);
        for (int[] shape : SHAPES) {
            assertEquals(expected, pipelined(file, shape, false), "pcapng with ring " + Arrays.toString(shape));
        }
    }

    @Test
    void aCutFileStopsAndACorruptOneFailsAsTheSequentialPassDoes(@TempDir Path dir) throws Exception {
        Path full = FixtureFiles.capture("cassandra-5.0.9/two-node-join-a.pcap");
        byte[] bytes = Files.readAllBytes(full);
        // cut short (a capture still being written): read up to the cut, with or without keep-going
        Path cut = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
        String seqCut = sequential(cut);
        assertTrue(seqCut.contains("stopped=") && seqCut.contains("cut short"), seqCut.substring(0, 300));
        assertEquals(seqCut, sequentialKeepGoing(cut));
        // corrupt in the middle: a record claiming 2 GiB fails, or with keep-going stops, the same way
        byte[] bad = bytes.clone();
        bad[24 + 8] = (byte) 0xff;
        bad[24 + 11] = (byte) 0x7f;
        Path corrupt = Files.write(dir.resolve("corrupt.pcap"), bad);
        CaptureFormatException seq = assertThrows(CaptureFormatException.class, () -> sequential(corrupt));
        for (int[] shape : SHAPES) {
            assertEquals(seqCut, pipelined(cut, shape, false), "cut with ring " + Arrays.toString(shape));
            assertEquals(seqCut, pipelined(cut, shape, true), "cut, keep-going, with ring " + Arrays.toString(shape));
            CaptureFormatException pip = assertThrows(CaptureFormatException.class, () -> pipelined(corrupt, shape, false));
            assertEquals(seq.getMessage(), pip.getMessage());
            String kept = pipelined(corrupt, shape, true);
            assertEquals(sequentialKeepGoing(corrupt), kept, "keep-going with ring " + Arrays.toString(shape));
            assertTrue(kept.contains("stopped=" + seq.getMessage()), kept.substring(0, 300));
        }
    }

    @Test
    void aFailingAnalysisStopsTheReadingThread() throws Exception {
        Path file = FixtureFiles.capture("cassandra-5.0.9/control-pmtud-icmp-allowed-ga.pcap");
        TcpPayloadListener failing = new TcpPayloadListener() {
            int n;

            @Override
            public void onPayload(TcpDirection d, long rel, io.gossippreflight.analyzer.packet.Packet p,
                    java.nio.ByteBuffer data, long t) {
                if (++n == 50) {
                    throw new IllegalStateException("listener broke");
                }
            }
        };
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> PipelinedPass.run(file, "ga",
                new PointRegistry(), CapturePass.Limits.defaults(), List.of(failing), false, 2, 4096, 4, 1));
        assertEquals("listener broke", e.getMessage());
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("preflight-read-ga")),
                "the reading thread ended");
    }

    private static String sequential(Path file) throws IOException {
        return run(file, null, false);
    }

    private static String sequentialKeepGoing(Path file) throws IOException {
        return run(file, null, true);
    }

    private static String pipelined(Path file, int[] shape, boolean keepGoing) throws IOException {
        return run(file, shape, keepGoing);
    }

    private static String run(Path file, int[] shape, boolean keepGoing) throws IOException {
        GossipStreams gossip = new GossipStreams(7000);
        CaptureResult r;
        if (shape == null) {
            try (PacketSource s = CaptureFiles.open(file)) {
                r = CapturePass.run(s, "x", new PointRegistry(), CapturePass.Limits.defaults(), List.of(gossip), keepGoing);
            }
        } else {
            r = PipelinedPass.run(file, "x", new PointRegistry(), CapturePass.Limits.defaults(), List.of(gossip), keepGoing,
                    shape[0], shape[1], shape[2], shape[3]);
        }
        return describe(r, gossip);
    }

    /** Everything a pass found, as text. */
    static String describe(CaptureResult r, GossipStreams gossip) {
        StringBuilder b = new StringBuilder();
        b.append(r.summary()).append(" stopped=").append(r.summary().stoppedEarly()).append('\n');
        b.append("points ").append(r.points()).append('\n');
        for (TcpFlow f : r.flows()) {
            b.append(f).append(" serial ").append(f.serial()).append(" roles ").append(f.rolesFromHandshake())
                    .append(" time ").append(f.firstTime()).append('-').append(f.lastTime()).append(" reset ")
                    .append(f.reset()).append('/').append(f.resetTime()).append('/').append(f.resetBy()).append('\n');
            for (TcpDirection d : List.of(f.clientToServer(), f.serverToClient())) {
                b.append("  ").append(d).append(" pk ").append(d.packets()).append(" data ").append(d.dataPackets())
                        .append(" bytes ").append(d.payloadBytes()).append(" retrans ").append(d.retransPackets())
                        .append('/').append(d.retransBytes()).append('/').append(d.spuriousRetrans()).append(" trunc ")
                        .append(d.truncatedPackets()).append(" super ").append(d.superSegments()).append(" ip ")
                        .append(d.maxIpLength()).append('/').append(d.maxWireIpLength()).append('/')
                        .append(d.maxCleanWireIpLength()).append(" ttl ").append(d.ttlFirst()).append('/')
                        .append(d.ttlMin()).append('/').append(d.ttlMax()).append(" syn ").append(d.synSeen())
                        .append('/').append(d.isn()).append('/').append(d.synCount()).append(" mss ").append(d.mss())
                        .append(" acked ").append(d.ackedTo()).append(" clean ").append(d.cleanDelivered()).append('/')
                        .append(d.cleanDeliveredBytes()).append(" evicted ").append(d.evicted()).append(" fin ")
                        .append(d.finSeen()).append('\n');
                b.append("    seen ").append(ranges(d.seen())).append(" sacked ").append(ranges(d.sacked())).append('\n');
                b.append("    suspects ").append(d.suspects()).append(" dropped ").append(d.suspectsDropped()).append('\n');
                GossipStreams.Direction g = gossip.direction(d);
                if (g != null) {
                    b.append("    gossip ").append(g.messages()).append(" desyncs ").append(g.desyncs()).append(" malformed ")
                            .append(g.malformed()).append(" initiate ").append(g.initiate() != null).append('\n');
                }
            }
        }
        b.append("icmp ").append(r.icmp()).append(" dropped ").append(r.icmpDropped()).append('\n');
        for (EchoRecord e : r.echoes()) {
            b.append("echo ").append(e.point()).append(' ').append(e.srcLo()).append('>').append(e.dstLo()).append(' ')
                    .append(e.count).append(' ').append(e.ttl()).append('\n');
        }
        Map<Integer, PacketSampler> samples = new TreeMap<>(r.samples());
        for (Map.Entry<Integer, PacketSampler> e : samples.entrySet()) {
            PacketSampler s = e.getValue();
            b.append("sample ").append(e.getKey()).append(' ').append(s.size()).append(' ').append(s.threshold());
            for (int i = 0; i < s.size(); i++) {
                b.append(' ').append(s.hash(i)).append('@').append(s.time(i));
            }
            b.append('\n');
        }
        b.append("gossip dropped ").append(gossip.dropped()).append('\n');
        return b.toString();
    }

    private static String ranges(IntervalSet s) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < s.size(); i++) {
            b.append(s.start(i)).append('-').append(s.end(i)).append(' ');
        }
        return b.append(']').toString();
    }
}
