package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PcapWriterTest {
    @TempDir
    Path dir;

    @Test
    void writesNanosecondPcapAtomically() throws Exception {
        Path target = dir.resolve("out.pcap");
        PcapWriter w = new PcapWriter(target, LinkType.RAW, 10);
        w.write(1_700_000_000_123_456_789L, ByteBuffer.wrap(new byte[] {1, 2, 3}), 0, 3, 3);
        w.write(1_700_000_001_000_000_001L, ByteBuffer.allocateDirect(20), 0, 20, 1500);
        assertFalse(Files.exists(target), "nothing at the target before close");
        w.close();
        assertTrue(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("out.pcap.tmp")));
        try (ClassicPcapReader r = ClassicPcapReader.open(target)) {
            assertEquals("pcap-ns", r.format());
            RawPacket p = new RawPacket();
            assertTrue(r.next(p));
            assertArrayEquals(new byte[] {1, 2, 3}, p.bytes());
            assertEquals(1_700_000_000_123_456_789L, p.timestampNanos);
            assertTrue(r.next(p));
            assertEquals(10, p.capturedLength, "cut at the snaplen");
            assertEquals(1500, p.originalLength);
            assertEquals(1_700_000_001_000_000_001L, p.timestampNanos);
            assertFalse(r.next(p));
        }
    }

    @Test
    void abortLeavesNothing() throws Exception {
        Path target = dir.resolve("gone.pcap");
        PcapWriter w = new PcapWriter(target, LinkType.ETHERNET, 0);
        w.write(0, ByteBuffer.wrap(new byte[60]), 0, 60, 60);
        w.abort();
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("gone.pcap.tmp")));
    }

    @Test
    void writesToAStreamThatAnalyzeReadsFromStandardInput() throws Exception {
        java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
        byte[] frame = io.gossippreflight.analyzer.testing.Frames.ethernet(io.gossippreflight.analyzer.testing.Frames.ipv4(
                "198.18.1.2", "198.18.2.2", 6, 1, true, 64, io.gossippreflight.analyzer.testing.Frames.tcp().payload(100)
                        .build()));
        try (PcapWriter w = new PcapWriter(sink, LinkType.ETHERNET, 65535)) {
            w.write(1_000_000_123L, ByteBuffer.wrap(frame), 0, frame.length, frame.length);
            assertEquals(24 + 16 + frame.length, sink.size(), "flushed after each packet, for a reader downstream");
            assertEquals(null, w.target());
        }
        try (CaptureInputs.Prepared p = CaptureInputs.prepare(Path.of("-"),
                new java.io.ByteArrayInputStream(sink.toByteArray()), dir); PacketSource s = CaptureFiles.open(p.path())) {
            RawPacket r = new RawPacket();
            assertTrue(s.next(r));
            assertArrayEquals(frame, r.bytes());
            assertEquals(1_000_000_123L, r.timestampNanos);
            assertFalse(s.next(r));
        }
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing written beside");
        }
    }
}
