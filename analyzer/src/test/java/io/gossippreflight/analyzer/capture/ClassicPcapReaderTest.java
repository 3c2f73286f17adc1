package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.testing.CaptureFileBuilder;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassicPcapReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} nanos={1}")
    @CsvSource({"BIG_ENDIAN,false", "BIG_ENDIAN,true", "LITTLE_ENDIAN,false", "LITTLE_ENDIAN,true"})
    void readsBothMagicsInBothByteOrders(String orderName, boolean nanos) throws Exception {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        byte[] f1 = {1, 2, 3, 4, 5};
        byte[] f2 = {9, 8, 7};
        Path p = new CaptureFileBuilder.Pcap(order, nanos, LinkType.ETHERNET, 65535)
                .packet(1_700_000_000L, nanos ? 123_456_789 : 123_456, f1)
                .packet(1_700_000_001L, 5, f2, 3, 60)
                .write(dir.resolve("x.pcap"));
        try (ClassicPcapReader r = ClassicPcapReader.open(p)) {
            assertEquals(nanos ? "pcap-ns" : "pcap", r.format());
            assertEquals(LinkType.ETHERNET, r.linkType());
            RawPacket raw = new RawPacket();
            assertTrue(r.next(raw));
            assertArrayEquals(f1, raw.bytes());
            assertEquals(1_700_000_000_000_000_000L + (nanos ? 123_456_789L : 123_456_000L), raw.timestampNanos);
            assertEquals(24, raw.fileOffset);
            assertEquals(0, raw.index);
            assertTrue(r.next(raw));
            assertArrayEquals(f2, raw.bytes());
            assertEquals(3, raw.capturedLength);
            assertEquals(60, raw.originalLength, "snaplen-cut record keeps its wire length");
            assertEquals(1_700_000_001_000_000_000L + (nanos ? 5 : 5_000), raw.timestampNanos);
            assertFalse(r.next(raw));
            assertFalse(r.next(raw), "stays at the end");
        }
    }

    @Test
    void recordsCrossingTheReadBufferAreKeptWhole() throws Exception {
        CaptureFileBuilder.Pcap b = new CaptureFileBuilder.Pcap(ByteOrder.BIG_ENDIAN, true, LinkType.RAW, 65535);
        for (int i = 0; i < 300; i++) {
            byte[] f = new byte[2 + i % 70];
            f[0] = (byte) i;
            f[f.length - 1] = (byte) (i * 3);
            b.packet(i, i, f);
        }
        Path p = b.write(dir.resolve("buffered.pcap"));
        try (ClassicPcapReader r = ClassicPcapReader.open(p.toString(), new ChannelWindow(p, 128))) {
            RawPacket raw = new RawPacket();
            for (int i = 0; i < 300; i++) {
                assertTrue(r.next(raw), "packet " + i);
                byte[] got = raw.bytes();
                assertEquals(2 + i % 70, got.length);
                assertEquals((byte) i, got[0]);
                assertEquals((byte) (i * 3), got[got.length - 1]);
                assertEquals(i * 1_000_000_001L, raw.timestampNanos);
            }
            assertFalse(r.next(raw));
        }
    }

    @Test
    void recordsNeverStraddleTwoMappingWindows() throws Exception {
        CaptureFileBuilder.Pcap b = new CaptureFileBuilder.Pcap(ByteOrder.LITTLE_ENDIAN, false, LinkType.RAW, 65535);
        for (int i = 0; i < 200; i++) {
            byte[] f = new byte[17 + i % 50];
            f[0] = (byte) i;
            f[f.length - 1] = (byte) (i + 1);
            b.packet(i, 0, f);
        }
        Path p = b.write(dir.resolve("w.pcap"));
        try (ClassicPcapReader r = ClassicPcapReader.open(p, 100)) {
            RawPacket raw = new RawPacket();
            for (int i = 0; i < 200; i++) {
                assertTrue(r.next(raw));
                byte[] got = raw.bytes();
                assertEquals(17 + i % 50, got.length);
                assertEquals((byte) i, got[0]);
                assertEquals((byte) (i + 1), got[got.length - 1]);
                assertEquals(i * 1_000_000_000L, raw.timestampNanos);
            }
            assertFalse(r.next(raw));
        }
    }
}
