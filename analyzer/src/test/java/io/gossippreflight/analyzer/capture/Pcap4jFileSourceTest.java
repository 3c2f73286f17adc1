package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** libpcap (through pcap4j) and the mapped reader must hand out the same frames. */
class Pcap4jFileSourceTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"two-node-join-a.pcap", "blackhole-16tokens-gb.pcap", "control-pmtud-icmp-allowed-a.pcap"})
    void sameFramesAsTheMappedReader(String name) throws Exception {
        Path p = FixtureFiles.capture("cassandra-5.0.9/" + name);
        try (PacketSource mine = CaptureFiles.open(p, CaptureFiles.Backend.MAPPED);
                PacketSource lib = CaptureFiles.open(p, CaptureFiles.Backend.PCAP4J)) {
            RawPacket a = new RawPacket();
            RawPacket b = new RawPacket();
            long n = 0;
            while (mine.next(a)) {
                assertTrue(lib.next(b), "libpcap ended early at " + n);
                assertArrayEquals(a.bytes(), b.bytes());
                assertEquals(a.timestampNanos, b.timestampNanos);
                assertEquals(a.originalLength, b.originalLength);
                assertEquals(a.linkType, b.linkType);
                n++;
            }
            assertFalse(lib.next(b));
            assertTrue(n > 700);
        }
    }

    @Test
    void garbageIsACaptureFormatException() throws Exception {
        Path p = Files.writeString(dir.resolve("garbage.pcap"), "this is not a capture at all, no magic here");
        CaptureFormatException e = assertThrows(CaptureFormatException.class,
                () -> CaptureFiles.open(p, CaptureFiles.Backend.PCAP4J));
        assertTrue(e.getMessage().contains("libpcap cannot read it"), e.getMessage());
    }
}
