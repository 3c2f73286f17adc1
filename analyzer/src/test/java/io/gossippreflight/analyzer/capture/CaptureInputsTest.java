package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdOutputStream;
import io.gossippreflight.analyzer.Analyzer;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.testing.CaptureFileBuilder;
import io.gossippreflight.fixtures.FixtureFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Standard input, pipes, compressed captures, devices and cut-short captures. */
class CaptureInputsTest {
    @TempDir
    Path dir;

    private static final Path CAPTURE = FixtureFiles.capture("cassandra-5.0.9/two-node-join-a.pcap");

    private static long packets(Path p) throws IOException {
        long n = 0;
        try (PacketSource s = CaptureFiles.open(p)) {
            RawPacket r = new RawPacket();
            while (s.next(r)) {
                n++;
            }
        }
        return n;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new GZIPOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private static byte[] zstd(byte[] b) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream z = new ZstdOutputStream(out)) {
            z.write(b);
        }
        return out.toByteArray();
    }

    private void assertSameCapture(CaptureInputs.Prepared p) throws IOException {
        assertTrue(p.temporary());
        assertEquals(Files.size(CAPTURE), Files.size(p.path()));
        assertEquals(packets(CAPTURE), packets(p.path()));
        p.close();
        assertFalse(Files.exists(p.path()), "the temporary copy is deleted");
    }

    @Test
    void plainFilesAreReadInPlace() throws Exception {
        try (CaptureInputs.Prepared p = CaptureInputs.prepare(CAPTURE, null, dir)) {
            assertEquals(CAPTURE, p.path());
            assertFalse(p.temporary());
            assertNull(p.how());
        }
        assertTrue(Files.exists(CAPTURE));
    }

    @Test
    void gzipAndZstdFilesAreDecompressed() throws Exception {
        byte[] raw = Files.readAllBytes(CAPTURE);
        Path gz = Files.write(dir.resolve("c.pcap.gz"), gzip(raw));
        Path zst = Files.write(dir.resolve("c.pcap.zst"), zstd(raw));
        CaptureInputs.Prepared g = CaptureInputs.prepare(gz, null, dir);
        assertEquals("decompressed (gzip)", g.how());
        assertEquals(gz.toString(), g.shown());
        assertSameCapture(g);
        CaptureInputs.Prepared z = CaptureInputs.prepare(zst, null, dir);
        assertEquals("decompressed (zstd)", z.how());
        assertSameCapture(z);
    }

    @Test
    void standardInputIsReadAsAStreamCompressedOrNot() throws Exception {
        byte[] raw = Files.readAllBytes(CAPTURE);
        CaptureInputs.Prepared p = CaptureInputs.prepare(Path.of("-"), new ByteArrayInputStream(raw), dir);
        assertEquals("standard input", p.shown());
        assertSameCapture(p);
        CaptureInputs.Prepared g = CaptureInputs.prepare(Path.of("-"), new ByteArrayInputStream(gzip(raw)), dir);
        assertEquals("read from standard input, decompressed (gzip)", g.how());
        assertSameCapture(g);
    }

    @Test
    void aFifoIsReadAsAStreamInsteadOfHanging() throws Exception {
        Path fifo = dir.resolve("capture.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mk.waitFor(30, TimeUnit.SECONDS) && mk.exitValue() == 0, "mkfifo");
        Thread writer = new Thread(() -> {
            try (OutputStream o = Files.newOutputStream(fifo)) {
                o.write(Files.readAllBytes(CAPTURE));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        writer.start();
        CaptureInputs.Prepared p = CaptureInputs.prepare(fifo, null, dir);
        writer.join();
        assertEquals("read from a pipe", p.how());
        assertSameCapture(p);
    }

    @Test
    void devicesAndDirectoriesAreRefusedAtOnceWithTheReason() {
        CaptureUsageException zero = assertThrows(CaptureUsageException.class,
                () -> CaptureInputs.prepare(Path.of("/dev/zero"), null, dir));
        assertTrue(zero.getMessage().startsWith("/dev/zero: is a character device, not a capture file"), zero.getMessage());
        CaptureUsageException d = assertThrows(CaptureUsageException.class, () -> CaptureInputs.prepare(dir, null, dir));
        assertTrue(d.getMessage().contains("is a directory"), d.getMessage());
        CaptureUsageException missing = assertThrows(CaptureUsageException.class,
                () -> CaptureInputs.prepare(dir.resolve("nope.pcap"), null, dir));
        assertTrue(missing.getMessage().endsWith("nope.pcap: no such capture file"), missing.getMessage());
        // the readers themselves refuse what would block
        assertThrows(CaptureUsageException.class, () -> CaptureFiles.open(Path.of("/dev/urandom")));
    }

    @Test
    void aCompressedCaptureCutShortKeepsWhatItHeld() throws Exception {
        byte[] gz = gzip(Files.readAllBytes(CAPTURE));
        Path cut = Files.write(dir.resolve("cut.pcap.gz"), Arrays.copyOf(gz, gz.length / 2));
        try (CaptureInputs.Prepared p = CaptureInputs.prepare(cut, null, dir)) {
            assertTrue(Files.size(p.path()) > Files.size(CAPTURE) / 3, "about half of it was decompressed");
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> packets(p.path()));
            assertTrue(e.cutShort(), e.getMessage());
        }
    }

    @Test
    void corruptGzipNamesTheFileAndTheCheck() throws Exception {
        byte[] gz = gzip(Files.readAllBytes(CAPTURE));
        for (int i = 100; i < 400; i++) {
            gz[i] ^= 0x5a;
        }
        Path bad = Files.write(dir.resolve("bad.pcap.gz"), gz);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureInputs.prepare(bad, null, dir));
        assertTrue(e.getMessage().startsWith(bad + ": offset -1: the gzip data is corrupt"), e.getMessage());
        assertTrue(e.getMessage().contains("gzip -t"), e.getMessage());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(bad), files.toList(), "no temporary copy is left behind");
        }
    }

    @Test
    void knownNonCaptureMagicsGetAHint() throws Exception {
        Path xz = Files.write(dir.resolve("c.pcap.xz"), new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(xz));
        assertTrue(e.getMessage().contains("xz-compressed: decompress it first"), e.getMessage());
        Path text = Files.writeString(dir.resolve("c.txt"), "12:00:01.000 IP 198.18.1.2.7000 > 198.18.2.2.5000: Flags [S]");
        e = assertThrows(CaptureFormatException.class, () -> CaptureFiles.open(text));
        assertTrue(e.getMessage().contains("looks like text"), e.getMessage());
    }

    @Test
    void aLastRecordCutShortIsAWarningNotAFailure() throws Exception {
        byte[] raw = Files.readAllBytes(CAPTURE);
        Path cut = Files.write(dir.resolve("growing.pcap"), Arrays.copyOf(raw, raw.length - 50));
        for (int threads : new int[] {1, 2}) {
            AnalysisReport r = Analyzer.analyze(List.of(new Analyzer.Input("a", cut)),
                    Analyzer.Options.defaults().withThreads(threads));
            assertEquals(packets(CAPTURE) - 1, r.captures().get(0).packets());
            assertTrue(r.warnings().stream().anyMatch(w -> w.contains("ends inside its last record")), r.warnings().toString());
        }
        // a record corrupt in the middle still fails without --keep-going
        byte[] bad = raw.clone();
        bad[24 + 8] = (byte) 0xff; // first record's captured length, little-endian: far over the limit
        bad[24 + 11] = (byte) 0x7f;
        Path corrupt = Files.write(dir.resolve("corrupt.pcap"), bad);
        assertThrows(CaptureFormatException.class,
                () -> Analyzer.analyze(List.of(new Analyzer.Input("a", corrupt)), Analyzer.Options.defaults()));
    }

    @Test
    void pcap4jOnAMicrosecondFieldOfASecondOrMoreNamesTheFile() throws Exception {
        byte[] frame = io.gossippreflight.analyzer.testing.Frames.tcp().payload(10).build();
        Path p = new CaptureFileBuilder.Pcap(ByteOrder.LITTLE_ENDIAN, false, 101, 65535)
                .packet(1, 5, frame).packet(2, 1_500_000, frame).write(dir.resolve("usec.pcap"));
        try (PacketSource s = CaptureFiles.open(p, CaptureFiles.Backend.PCAP4J)) {
            RawPacket r = new RawPacket();
            assertTrue(s.next(r));
            CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> s.next(r));
            assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
            assertTrue(e.getMessage().contains("record 1 has a timestamp whose fraction is a whole second or more"),
                    e.getMessage());
        }
    }
}
