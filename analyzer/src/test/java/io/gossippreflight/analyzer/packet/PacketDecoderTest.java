package io.gossippreflight.analyzer.packet;

import static io.gossippreflight.analyzer.testing.Frames.ethernet;
import static io.gossippreflight.analyzer.testing.Frames.ipv4;
import static io.gossippreflight.analyzer.testing.Frames.ipv6;
import static io.gossippreflight.analyzer.testing.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.testing.Frames;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {
    private final PacketDecoder decoder = new PacketDecoder();
    private final Packet p = new Packet();

    private int decode(byte[] frame, int linkType) {
        return decode(frame, frame.length, linkType);
    }

    private int decode(byte[] frame, int captured, int linkType) {
        byte[] padded = new byte[frame.length + 7];
        System.arraycopy(frame, 0, padded, 3, frame.length);
        return decoder.decode(ByteBuffer.wrap(padded), 3, captured, linkType, p);
    }

    static byte[] synSegment() {
        return tcp().ports(40914, 7000).seq(0xfffffff0).flags(Packet.TCP_SYN).mss(8961).sackPermitted()
                .timestamps(123, 0).wscale(10).build();
    }

    @Test
    void ethernetIpv4TcpSynWithEveryOption() {
        byte[] ip = ipv4("198.18.2.2", "198.18.1.2", 6, 0x8260, true, 64, synSegment());
        assertEquals(PacketDecoder.OK, decode(ethernet(ip), LinkType.ETHERNET));
        assertEquals(4, p.ipVersion);
        assertEquals("198.18.2.2", p.src());
        assertEquals("198.18.1.2", p.dst());
        assertEquals(ip.length, p.ipTotalLength);
        assertEquals(0x8260, p.ipId);
        assertTrue(p.dontFragment);
        assertFalse(p.fragment);
        assertEquals(64, p.ttl);
        assertTrue(p.isTcp());
        assertEquals(40914, p.srcPort);
        assertEquals(7000, p.dstPort);
        assertEquals(0xfffffff0, p.seq);
        assertTrue(p.syn());
        assertFalse(p.hasAck());
        assertEquals(8961, p.mss);
        assertEquals(10, p.windowScale);
        assertTrue(p.sackPermitted);
        assertTrue(p.hasTimestamp);
        assertEquals(123, p.tsVal);
        assertEquals(0, p.payloadLength);
        assertFalse(p.truncated);
    }

    @Test
    void vlanTagsAreSkipped() {
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 6, 1, true, 63, tcp().payload(100).build());
        assertEquals(PacketDecoder.OK, decode(ethernet(ip, 100, 200), LinkType.ETHERNET));
        assertEquals(100, p.vlan);
        assertEquals(100, p.payloadLength);
        assertEquals("10.0.0.2", p.dst());
    }

    @Test
    void ipv4OptionsShiftTheTransportHeader() {
        byte[] options = {(byte) 0x94, 4, 0, 0}; // router alert
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 6, 7, false, false, 0, 64, options, tcp().seq(5).payload(10).build());
        assertEquals(PacketDecoder.OK, decode(ip, LinkType.RAW));
        assertEquals(5, p.seq);
        assertEquals(10, p.payloadLength);
        assertEquals(10, p.payloadCaptured);
    }

    @Test
    void fragmentsAreMarkedAndOnlyTheFirstHasPorts() {
        byte[] first = ipv4("10.0.0.1", "10.0.0.2", 17, 99, false, true, 0, 64, new byte[0], Frames.udp(5, 6, 100));
        assertEquals(PacketDecoder.OK, decode(first, LinkType.IPV4));
        assertTrue(p.fragment);
        assertTrue(p.moreFragments);
        assertTrue(p.isUdp());
        assertEquals(6, p.dstPort);
        byte[] later = ipv4("10.0.0.1", "10.0.0.2", 17, 99, false, false, 1480, 64, new byte[0], new byte[50]);
        assertEquals(PacketDecoder.OK, decode(later, LinkType.IPV4));
        assertTrue(p.fragment);
        assertEquals(1480, p.fragmentOffset);
        assertEquals(-1, p.l4Offset);
        assertFalse(p.isUdp());
    }

    @Test
    void snaplenCutPacketKeepsItsLengthsFromTheIpHeader() {
        byte[] ip = ipv4("198.18.1.2", "198.18.2.2", 6, 1, true, 64, tcp().seq(20).timestamps(1, 2).payload(8949).build());
        byte[] frame = ethernet(ip);
        assertEquals(PacketDecoder.OK, decode(frame, 96, LinkType.ETHERNET));
        assertTrue(p.truncated);
        assertEquals(9001, p.ipTotalLength);
        assertEquals(8949, p.payloadLength);
        assertEquals(96 - 14 - 20 - 32, p.payloadCaptured);
        assertEquals(20, p.seq);
    }

    /** Found by CaptureFuzzTest#packetDecoder: options past a 64-byte snaplen put the payload past the frame. */
    @Test
    void snaplenCutInsideTheTcpOptionsKeepsThePayloadOffsetInsideTheCapture() {
        byte[] ip = ipv4("198.18.1.2", "198.18.2.2", 6, 1, true, 64, tcp().seq(20).timestamps(1, 2).sack(1, 2, 3, 4)
                .payload(500).build());
        byte[] frame = ethernet(ip);
        int captured = 14 + 20 + 30; // tcpdump -s 64: the TCP header is 52 bytes with these options
        assertEquals(PacketDecoder.OK, decode(frame, captured, LinkType.ETHERNET));
        assertEquals(500, p.payloadLength);
        assertEquals(0, p.payloadCaptured);
        assertTrue(p.payloadOffset <= 3 + captured, "payload offset " + p.payloadOffset + " past the capture");
    }

    @Test
    void snaplenCutInsideTheTcpHeaderStillGivesTheIpLayer() {
        byte[] ip = ipv4("198.18.1.2", "198.18.2.2", 6, 1, true, 64, tcp().payload(1000).build());
        assertEquals(PacketDecoder.OK, decode(ethernet(ip), 14 + 20 + 10, LinkType.ETHERNET));
        assertTrue(p.truncated);
        assertEquals(1040, p.ipTotalLength);
        assertFalse(p.isTcp());
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 6, 1, true, 64, tcp().build());
        byte[] frame = Arrays.copyOf(ethernet(ip), 60);
        assertEquals(PacketDecoder.OK, decode(frame, LinkType.ETHERNET));
        assertEquals(0, p.payloadLength);
        assertEquals(0, p.payloadCaptured);
    }

    @Test
    void ipv6WithExtensionHeadersToTcp() {
        byte[] hopByHop = {60, 0, 1, 4, 0, 0, 0, 0};         // next: destination options, PadN
        byte[] destOpts = {44, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // next: fragment, 16 bytes
        byte[] frag = {6, 0, 0, 1, 0, 0, 0x12, 0x34};        // first fragment, M=1, id 0x1234
        byte[] ext = concat(hopByHop, destOpts, frag);
        byte[] ip = ipv6("2001:db8::1", "2001:db8::2", 0, 61, ext, tcp().seq(77).payload(33).build());
        assertEquals(PacketDecoder.OK, decode(ethernet(ip), LinkType.ETHERNET));
        assertEquals(6, p.ipVersion);
        assertEquals("2001:db8::1", p.src());
        assertEquals(61, p.ttl);
        assertTrue(p.fragment);
        assertTrue(p.moreFragments);
        assertEquals(0x1234, p.ipId);
        assertTrue(p.isTcp());
        assertEquals(77, p.seq);
        assertEquals(33, p.payloadLength);
    }

    @Test
    void ipv6LaterFragmentHasNoTransport() {
        byte[] frag = {6, 0, 0x05, (byte) 0xa8, 0, 0, 0, 9};   // offset 181*8
        byte[] ip = ipv6("2001:db8::1", "2001:db8::2", 44, 64, frag, new byte[40]);
        assertEquals(PacketDecoder.OK, decode(ip, LinkType.IPV6));
        assertTrue(p.fragment);
        assertEquals(1448, p.fragmentOffset);
        assertEquals(-1, p.l4Offset);
        assertEquals(6, p.protocol);
    }

    @Test
    void tooManyIpv6ExtensionHeadersIsMalformed() {
        byte[] ext = new byte[8 * 20];
        for (int i = 0; i < 20; i++) {
            ext[8 * i] = 60;
        }
        byte[] ip = ipv6("2001:db8::1", "2001:db8::2", 60, 64, ext, new byte[0]);
        assertEquals(PacketDecoder.MALFORMED, decode(ip, LinkType.IPV6));
        assertTrue(decoder.problem().contains("extension headers"));
    }

    @Test
    void icmpFragNeededQuotesTheFlowAndSequence() {
        byte[] big = ipv4("198.18.1.2", "198.18.2.2", 6, 0x187e, true, 64, tcp().ports(39408, 7000).seq(0xae8e67b3).timestamps(1, 2).payload(5243).build());
        byte[] icmp = Frames.icmpFragNeeded(1422, big, 548);
        byte[] outer = ipv4("198.18.1.1", "198.18.1.2", 1, 0x4a1a, false, 64, icmp);
        assertEquals(PacketDecoder.OK, decode(ethernet(outer), LinkType.ETHERNET));
        assertTrue(p.isIcmp());
        assertTrue(p.isFragNeeded());
        assertEquals(1422, p.icmpMtu);
        assertTrue(p.hasQuote);
        assertEquals(4, p.quotedVersion);
        assertEquals(5295, p.quotedTotalLength);
        assertEquals(0x187e, p.quotedIpId);
        assertTrue(p.quotedDontFragment);
        assertEquals("198.18.2.2", Addresses.toString(p.quotedDstHi, p.quotedDstLo));
        assertEquals(39408, p.quotedSrcPort);
        assertEquals(7000, p.quotedDstPort);
        assertTrue(p.hasQuotedSeq);
        assertEquals(0xae8e67b3, p.quotedSeq);
    }

    @Test
    void icmpQuotingOnlyEightTransportBytesStillGivesTheSequence() {
        byte[] big = ipv4("10.0.0.1", "10.0.0.2", 6, 1, true, 64, tcp().seq(1234).payload(2000).build());
        byte[] outer = ipv4("10.0.0.254", "10.0.0.1", 1, 2, false, 64, Frames.icmpFragNeeded(0, big, 28));
        assertEquals(PacketDecoder.OK, decode(outer, LinkType.RAW));
        assertEquals(0, p.icmpMtu, "old router: MTU field zero");
        assertEquals(1234, p.quotedSeq);
        assertEquals(2040, p.quotedTotalLength);
    }

    @Test
    void icmpv6PacketTooBig() {
        byte[] big = ipv6("2001:db8:1::2", "2001:db8:2::2", 6, 64, new byte[0], tcp().ports(5000, 7000).seq(42).payload(3000).build());
        byte[] ptb = Frames.icmp6TooBig(1422, big, 1232);
        byte[] outer = ipv6("2001:db8:1::1", "2001:db8:1::2", 58, 64, new byte[0], ptb);
        assertEquals(PacketDecoder.OK, decode(Frames.sll(outer, 0), LinkType.LINUX_SLL));
        assertTrue(p.isFragNeeded());
        assertEquals(1422, p.icmpMtu);
        assertEquals(6, p.quotedVersion);
        assertEquals(3060, p.quotedTotalLength);
        assertEquals(42, p.quotedSeq);
        assertEquals("2001:db8:2::2", Addresses.toString(p.quotedDstHi, p.quotedDstLo));
        assertEquals(0, p.sllPacketType);
    }

    @Test
    void echoIsIcmpButNotFragNeeded() {
        byte[] outer = ipv4("10.0.0.1", "10.0.0.2", 1, 2, true, 64, Frames.icmpEcho(8, 1, 1, 56));
        assertEquals(PacketDecoder.OK, decode(outer, LinkType.RAW));
        assertTrue(p.isIcmp());
        assertFalse(p.isFragNeeded());
        assertFalse(p.hasQuote);
    }

    @Test
    void linuxCookedV2GivesInterfaceIndexAndDirection() {
        byte[] ip = ipv4("198.18.1.2", "198.18.2.2", 6, 1, true, 63, tcp().build());
        assertEquals(PacketDecoder.OK, decode(Frames.sll2(ip, 3, Packet.SLL_OUTGOING), LinkType.LINUX_SLL2));
        assertEquals(3, p.ifIndex);
        assertEquals(Packet.SLL_OUTGOING, p.sllPacketType);
        assertEquals(63, p.ttl);
    }

    @ParameterizedTest
    @ValueSource(ints = {LinkType.RAW, LinkType.RAW_12, LinkType.RAW_14, LinkType.IPV4})
    void rawIpLinkTypes(int linkType) {
        byte[] ip = ipv4("10.1.1.1", "10.2.2.2", 17, 3, false, 64, Frames.udp(53, 5353, 12));
        assertEquals(PacketDecoder.OK, decode(ip, linkType));
        assertTrue(p.isUdp());
        assertEquals(12, p.payloadLength);
    }

    @Test
    void rawIpv6LinkType() {
        byte[] ip = ipv6("::1", "::1", 17, 64, new byte[0], Frames.udp(1, 2, 0));
        assertEquals(PacketDecoder.OK, decode(ip, LinkType.IPV6));
        assertEquals("::1", p.src());
    }

    @Test
    void loopbackInHostAndNetworkOrder() {
        byte[] ip4 = ipv4("127.0.0.1", "127.0.0.1", 6, 3, true, 64, tcp().build());
        assertEquals(PacketDecoder.OK, decode(Frames.loopback(ip4, false, 2), LinkType.NULL));
        assertEquals(4, p.ipVersion);
        byte[] ip6 = ipv6("::1", "::1", 6, 64, new byte[0], tcp().build());
        assertEquals(PacketDecoder.OK, decode(Frames.loopback(ip6, false, 30), LinkType.NULL));
        assertEquals(6, p.ipVersion);
        assertEquals(PacketDecoder.OK, decode(Frames.loopback(ip6, true, 24), LinkType.LOOP));
        assertEquals(6, p.ipVersion);
        assertEquals(PacketDecoder.NOT_IP, decode(Frames.loopback(ip4, true, 7), LinkType.LOOP));
    }

    @Test
    void nonIpAndUnknownLinks() {
        byte[] arp = new byte[42];
        arp[12] = 0x08;
        arp[13] = 0x06;
        assertEquals(PacketDecoder.NOT_IP, decode(arp, LinkType.ETHERNET));
        assertEquals(PacketDecoder.UNSUPPORTED_LINK, decode(arp, 147));
    }

    @Test
    void malformedHeadersAreReportedNotThrown() {
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 6, 1, true, 64, tcp().build());
        byte[] badIhl = ip.clone();
        badIhl[0] = 0x44;
        assertEquals(PacketDecoder.MALFORMED, decode(badIhl, LinkType.RAW));
        byte[] badTcpOffset = ip.clone();
        badTcpOffset[20 + 12] = (byte) 0xf0; // 60-byte header in a 20-byte segment
        assertEquals(PacketDecoder.MALFORMED, decode(badTcpOffset, LinkType.RAW));
        assertTrue(decoder.problem().contains("TCP header length"));
        byte[] shortTotal = ip.clone();
        shortTotal[2] = 0;
        shortTotal[3] = 10;
        assertEquals(PacketDecoder.MALFORMED, decode(shortTotal, LinkType.RAW));
        assertEquals(PacketDecoder.MALFORMED, decode(new byte[5], LinkType.ETHERNET));
    }

    @Test
    void malformedTcpOptionsKeepWhatWasRead() {
        byte[] seg = tcp().mss(1460).rawOptions((byte) 8, (byte) 40).build(); // timestamp option claiming 40 bytes
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 6, 1, true, 64, seg);
        assertEquals(PacketDecoder.OK, decode(ip, LinkType.RAW));
        assertEquals(1460, p.mss);
        assertFalse(p.hasTimestamp);
    }

    @Test
    void sackBlocks() {
        byte[] ip = ipv4("10.0.0.1", "10.0.0.2", 6, 1, true, 64, tcp().sack(100, 200, 300, 400).build());
        assertEquals(PacketDecoder.OK, decode(ip, LinkType.RAW));
        assertEquals(2, p.sackCount);
        assertEquals(300, p.sack[2]);
        assertEquals(400, p.sack[3]);
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] x : parts) {
            n += x.length;
        }
        byte[] all = new byte[n];
        int o = 0;
        for (byte[] x : parts) {
            System.arraycopy(x, 0, all, o, x.length);
            o += x.length;
        }
        return all;
    }
}
