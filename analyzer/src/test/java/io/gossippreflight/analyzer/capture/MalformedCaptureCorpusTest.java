package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.packet.PacketDecoder;
import io.gossippreflight.analyzer.testing.CaptureFileBuilder;
import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every malformed or truncated capture ends in a CaptureFormatException naming file, offset and problem. */
class MalformedCaptureCorpusTest {
    @TempDir
    Path dir;

    static byte[] le(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(4 * ints.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int i : ints) {
            b.putInt(i);
        }
        return b.array();
    }

    static Stream<Arguments> corpus() {
        byte[] goodHeader = new CaptureFileBuilder.Pcap(ByteOrder.LITTLE_ENDIAN, false, 1, 65535).bytes();
        return Stream.of(
                Arguments.of("empty", new byte[0], 0L, "empty or cut short"),
                Arguments.of("three bytes", new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2}, 0L, "empty or cut short"),
                Arguments.of("text file", "hello world, not a capture\n".getBytes(), 0L, "not a pcap file"),
                Arguments.of("short global header", Arrays.copyOf(goodHeader, 20), 0L, "shorter than the 24-byte"),
                Arguments.of("pcap version 3", new CaptureFileBuilder.Pcap(ByteOrder.BIG_ENDIAN, false, 1, 0)
                        .bytes().clone(), -1L, null),
                Arguments.of("kuznetzov", concat(le(0xa1b2cd34), Arrays.copyOfRange(goodHeader, 4, 24)), 0L, "Kuznetzov"),
                Arguments.of("truncated record header", concat(goodHeader, new byte[10]), 24L, "truncated record header"),
                Arguments.of("record over limit", concat(goodHeader, le(1, 0, 300_000, 300_000)), 24L, "over the 262144-byte limit"),
                Arguments.of("negative record length", concat(goodHeader, le(1, 0, -5, 10)), 24L, "over the 262144-byte limit"),
                Arguments.of("record cut short", concat(goodHeader, le(1, 0, 100, 100), new byte[40]), 24L, "40 are there"),
                Arguments.of("pcapng bad byte-order magic", concat(be(0x0A0D0D0A, 28, 0x11223344, 0x00010000, -1, -1, 28)),
                        8L, "bad byte-order magic"),
                Arguments.of("pcapng block length not multiple of 4", concat(ngHeader(), le(1, 22, 0, 0, 0, 22)), 28L, "invalid length 22"),
                Arguments.of("pcapng block length over file", concat(ngHeader(), le(6, 4000, 0, 0, 0)), 28L, "truncated block"),
                Arguments.of("pcapng trailer mismatch", concat(ngHeader(), le(1, 20, 1, 0, 24)), 28L, "does not match"),
                Arguments.of("pcapng packet before any interface", concat(ngHeader(), le(6, 36, 0, 0, 0, 4, 4, 0, 36)), 28L,
                        "refers to interface 0"),
                Arguments.of("pcapng caplen beyond block", concat(ngHeader(), le(1, 20, 1, 0, 20), le(6, 36, 0, 0, 0, 400, 400, 0, 36)),
                        48L, "captured bytes in a 36-byte block"),
                Arguments.of("pcapng option past block", concat(ngHeader(), le(1, 28, 1, 0, 0x00400009, 0, 28)), 44L,
                        "runs past its block"),
                Arguments.of("pcapng truncated block header", concat(ngHeader(), new byte[] {1, 0, 0}), 28L, "truncated block header"));
    }

    static byte[] ngHeader() {
        return le(0x0A0D0D0A, 28, 0x1A2B3C4D, 0x00000001, -1, -1, 28);
    }

    static byte[] be(int... ints) {
        ByteBuffer b = ByteBuffer.allocate(4 * ints.length);
        for (int i : ints) {
            b.putInt(i);
        }
        return b.array();
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] all = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void rejectedWithFileOffsetAndProblem(String name, byte[] bytes, long offset, String problem) throws Exception {
        if (name.equals("pcap version 3")) {
            bytes[4] = 0;
            bytes[5] = 3;
            offset = 4;
            problem = "unsupported pcap version 3";
        }
        Path p = dir.resolve(name.replace(' ', '-') + ".pcap");
        Files.write(p, bytes);
        CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> count(p));
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.problem().contains(problem), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": offset " + offset + ": "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aRealCaptureCutAnywhereFailsCleanlyAfterItsLastWholePacket() throws Exception {
        byte[] real = Files.readAllBytes(FixtureFiles.capture("cassandra-5.0.9/blackhole-16tokens-b.pcap"));
        long whole = count(Files.write(dir.resolve("whole.pcap"), real));
        Random rnd = new Random(42);
        for (int i = 0; i < 300; i++) {
            int cut = i < 100 ? i : 24 + rnd.nextInt(real.length - 24);
            Path p = Files.write(dir.resolve("cut.pcap"), Arrays.copyOf(real, cut));
            try {
                long n = count(p);
                assertTrue(n <= whole);
            } catch (CaptureFormatException e) {
                assertTrue(e.offset() >= 0 && e.offset() <= cut, e.getMessage());
            }
        }
    }

    @Test
    void randomCorruptionEndsInDataOrCaptureFormatException() throws Exception {
        byte[] real = Files.readAllBytes(FixtureFiles.capture("cassandra-5.0.9/blackhole-16tokens-ga.pcap"));
        Random rnd = new Random(7);
        PacketDecoder decoder = new PacketDecoder();
        Packet packet = new Packet();
        for (int i = 0; i < 200; i++) {
            byte[] bad = real.clone();
            for (int k = 0; k < 20; k++) {
                bad[24 + rnd.nextInt(bad.length - 24)] = (byte) rnd.nextInt();
            }
            Path p = Files.write(dir.resolve("bad.pcap"), bad);
            try (PacketSource s = CaptureFiles.open(p)) {
                RawPacket raw = new RawPacket();
                while (s.next(raw)) {
                    decoder.decode(raw, packet); // must never throw
                }
            } catch (CaptureFormatException expected) {
                assertTrue(expected.getMessage().contains("offset"));
            } catch (RuntimeException e) {
                fail("corruption " + i + " escaped as " + e, e);
            }
        }
    }

    private static long count(Path p) throws Exception {
        long n = 0;
        try (PacketSource s = CaptureFiles.open(p)) {
            RawPacket raw = new RawPacket();
            while (s.next(raw)) {
                n++;
            }
        }
        return n;
    }
}
