package io.gossippreflight.analyzer.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.testing.CaptureFileBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PcapNgReaderTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void severalInterfacesEachWithItsLinkTypeAndResolution(boolean little) throws Exception {
        ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6, 7, 8};
        byte[] c = {9};
        Path p = new CaptureFileBuilder.PcapNg(order)
                .iface(LinkType.ETHERNET, 262144, -1, "eth0")        // default µs
                .iface(LinkType.LINUX_SLL2, 0, 9, "any")              // ns
                .block(0x0BAD, new byte[] {1, 2, 3, 4, 5, 6, 7})      // unknown block: skipped
                .iface(LinkType.RAW, 0, 0x80 | 20, null)              // 2^-20 s
                .epb(0, 1_700_000_000_123_456L, a)
                .epb(1, 1_700_000_000_123_456_789L, b, 5, 1500)
                .epb(2, (1_700_000_000L << 20) | (1 << 19), c)
                .write(dir.resolve("x.pcapng"));
        for (CaptureFiles.Backend backend : new CaptureFiles.Backend[] {CaptureFiles.Backend.BUFFERED,
            CaptureFiles.Backend.MAPPED}) {
            readThreeInterfaces(p, backend);
        }
    }

    private void readThreeInterfaces(Path p, CaptureFiles.Backend backend) throws Exception {
        byte[] a = {1, 2, 3};
        byte[] b = {4, 5, 6, 7, 8};
        try (PacketSource r = CaptureFiles.open(p, backend)) {
            assertEquals("pcapng", r.format());
            RawPacket raw = new RawPacket();
            assertTrue(r.next(raw));
            assertArrayEquals(a, raw.bytes());
            assertEquals(LinkType.ETHERNET, raw.linkType);
            assertEquals(0, raw.interfaceId);
            assertEquals(1_700_000_000_123_456_000L, raw.timestampNanos);
            assertTrue(r.next(raw));
            assertArrayEquals(b, raw.bytes());
            assertEquals(LinkType.LINUX_SLL2, raw.linkType);
            assertEquals(1, raw.interfaceId);
            assertEquals(1500, raw.originalLength);
            assertEquals(1_700_000_000_123_456_789L, raw.timestampNanos);
            assertTrue(r.next(raw));
            assertEquals(LinkType.RAW, raw.linkType);
            assertEquals(1_700_000_000_500_000_000L, raw.timestampNanos);
            assertFalse(r.next(raw));
            List<CaptureInterface> ifs = r.interfaces();
            assertEquals(3, ifs.size());
            assertEquals("eth0", ifs.get(0).name());
            assertEquals("any", ifs.get(1).name());
            assertEquals(LinkType.RAW, ifs.get(2).linkType());
        }
    }

    @Test
    void aSecondSectionMayChangeByteOrderAndRedefinesInterfaces() throws Exception {
        byte[] first = new CaptureFileBuilder.PcapNg(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 9, null).epb(0, 10, new byte[] {1}).bytes();
        byte[] second = new CaptureFileBuilder.PcapNg(ByteOrder.BIG_ENDIAN)
                .iface(LinkType.RAW, 0, 9, null).epb(0, 20, new byte[] {2}).spb(new byte[] {3, 3}).bytes();
        byte[] all = new byte[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        Path p = dir.resolve("two.pcapng");
        java.nio.file.Files.write(p, all);
        try (PcapNgReader r = PcapNgReader.open(p)) {
            RawPacket raw = new RawPacket();
            assertTrue(r.next(raw));
            assertEquals(LinkType.ETHERNET, raw.linkType);
            assertEquals(10, raw.timestampNanos);
            assertTrue(r.next(raw));
            assertEquals(LinkType.RAW, raw.linkType);
            assertEquals(1, raw.interfaceId, "interfaces are numbered across sections");
            assertEquals(20, raw.timestampNanos);
            assertTrue(r.next(raw));
            assertArrayEquals(new byte[] {3, 3}, raw.bytes(), "simple packet block");
            assertFalse(r.next(raw));
        }
    }

    /** Obsolete packet block (type 2) body: a 16-bit interface id, a 16-bit drop count, then as an EPB. */
    private static byte[] obsoleteBody(ByteOrder order, int ifaceId, int drops, long ts, int captured, byte[] frame) {
        ByteBuffer b = ByteBuffer.allocate(20 + ((frame.length + 3) & ~3)).order(order);
        b.putShort((short) ifaceId).putShort((short) drops).putInt((int) (ts >>> 32)).putInt((int) ts)
                .putInt(captured).putInt(frame.length).put(frame);
        return b.array();
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void obsoletePacketBlocksReadTheirSixteenBitInterfaceId(boolean little) throws Exception {
        ByteOrder order = little ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        byte[] frame = {5, 6, 7};
        Path p = new CaptureFileBuilder.PcapNg(order)
                .iface(LinkType.ETHERNET, 0, 9, null)
                .iface(LinkType.RAW, 0, 9, null)
                .block(2, obsoleteBody(order, 1, 7, 1_700_000_000_000_000_042L, frame.length, frame))
                .write(dir.resolve("obsolete.pcapng"));
        try (PcapNgReader r = PcapNgReader.open(p)) {
            RawPacket raw = new RawPacket();
            assertTrue(r.next(raw));
            assertEquals(1, raw.interfaceId, "the drop count next to the id is not part of it");
            assertEquals(LinkType.RAW, raw.linkType);
            assertEquals(1_700_000_000_000_000_042L, raw.timestampNanos);
            assertArrayEquals(frame, raw.bytes());
            assertFalse(r.next(raw));
        }
    }

    @Test
    void aPacketClaimingMoreBytesThanItsBlockIsCorrupt() throws Exception {
        byte[] frame = {1, 2, 3, 4};
        // for interface 0 and no drops, the body of an enhanced block is that of an obsolete one
        byte[] body = obsoleteBody(ByteOrder.LITTLE_ENDIAN, 0, 0, 1, 9, frame);
        Path enhanced = new CaptureFileBuilder.PcapNg(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 9, null).block(6, body).write(dir.resolve("epb.pcapng"));
        Path obsolete = new CaptureFileBuilder.PcapNg(ByteOrder.LITTLE_ENDIAN)
                .iface(LinkType.ETHERNET, 0, 9, null).block(2, body).write(dir.resolve("pb.pcapng"));
        for (Path p : List.of(enhanced, obsolete)) {
            try (PcapNgReader r = PcapNgReader.open(p)) {
                CaptureFormatException e = assertThrows(CaptureFormatException.class, () -> r.next(new RawPacket()));
                assertTrue(e.getMessage().contains("packet 0 claims 9 captured bytes in a 36-byte block"), e.getMessage());
            }
        }
    }

    @Test
    void timestampUnitConversions() {
        assertEquals(1_000L, PcapNgReader.toNanos(1, false, 6));
        assertEquals(1L, PcapNgReader.toNanos(1, false, 9));
        assertEquals(12L, PcapNgReader.toNanos(12_345, false, 12));
        assertEquals(1_500_000_000L, PcapNgReader.toNanos(3, true, 1));
        assertEquals(1_000_000_000L + 500_000_000L, PcapNgReader.toNanos((1L << 40) | (1L << 39), true, 40));
        assertEquals(7_000_000_000L, PcapNgReader.toNanos(7, false, 0));
    }
}
