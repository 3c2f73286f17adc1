package io.gossippreflight.analyzer.flow;

import static io.gossippreflight.analyzer.testing.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.testing.TcpScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpTrackingTest {
    static final int SYN = Packet.TCP_SYN;
    static final int ACK = Packet.TCP_ACK;
    static final int PSH = Packet.TCP_PSH;

    private final FlowTable table = new FlowTable();
    private final TcpScript s = new TcpScript(table);
    private int clientIsn = 1000;
    private int serverIsn = 5000;
    private int cid = 100;
    private int sid = 200;

    private TcpFlow handshake(int clientMss, int serverMss) {
        s.send(true, tcp().seq(clientIsn).flags(SYN).mss(clientMss).sackPermitted().timestamps(1, 0).wscale(7), cid++);
        s.send(false, tcp().seq(serverIsn).ack(clientIsn + 1).flags(SYN | ACK).mss(serverMss).sackPermitted()
                .timestamps(2, 1).wscale(10), 0);
        return s.send(true, tcp().seq(clientIsn + 1).ack(serverIsn + 1).flags(ACK), cid++);
    }

    /** Server sends {@code len} bytes at relative {@code rel}. */
    private TcpFlow data(long rel, int len, int id) {
        return s.send(false, tcp().seq((int) (serverIsn + 1 + rel)).ack(clientIsn + 1).flags(ACK | PSH).timestamps(9, 9).payload(len), id);
    }

    private TcpFlow clientAcks(long rel, int... sack) {
        var b = tcp().seq(clientIsn + 1).ack((int) (serverIsn + 1 + rel)).flags(ACK);
        if (sack.length > 0) {
            int[] raw = new int[sack.length];
            for (int i = 0; i < sack.length; i++) {
                raw[i] = serverIsn + 1 + sack[i];
            }
            b.sack(raw);
        }
        return s.send(true, b, cid++);
    }

    @Test
    void handshakeOptionsAndRoles() {
        TcpFlow f = handshake(8961, 1460);
        assertTrue(f.rolesFromHandshake());
        assertEquals("198.18.2.2:40914", f.client());
        assertEquals("198.18.1.2:7000", f.server());
        TcpDirection c = f.clientToServer();
        TcpDirection srv = f.serverToClient();
        assertTrue(c.synSeen());
        assertEquals(8961, c.mss());
        assertEquals(7, c.windowScale());
        assertTrue(c.sackPermitted());
        assertTrue(c.timestamps());
        assertEquals(1460, srv.mss());
        assertEquals(10, srv.windowScale());
        assertEquals(1000, c.isn());
        assertEquals(1, table.all().size());
    }

    @Test
    void cleanAcknowledgedDataIsCountedNotKept() {
        handshake(8961, 8961);
        int id = sid;
        for (int i = 0; i < 10; i++) {
            data(i * 1000L, 1000, id++);
        }
        TcpFlow f = clientAcks(10_000);
        data(10_000, 10, id++);
        TcpDirection d = f.serverToClient();
        assertEquals(11, d.dataPackets());
        assertEquals(0, d.retransPackets());
        assertEquals(10, d.cleanDelivered());
        assertEquals(1052, d.maxCleanWireIpLength());
        assertTrue(d.suspects().isEmpty());
        assertEquals(10_000, d.ackedTo());
        table.finish();
        assertEquals(1, d.suspects().size(), "the last, unacknowledged segment");
        assertEquals(Transmission.Outcome.UNACKED, d.suspects().get(0).outcome());
    }

    @Test
    void retransmissionMarksTheFirstCopySuperseded() {
        handshake(8961, 8961);
        data(0, 500, sid);
        data(500, 500, sid + 1);
        data(0, 500, sid + 2);
        TcpFlow f = clientAcks(1000);
        table.finish();
        TcpDirection d = f.serverToClient();
        assertEquals(1, d.retransPackets());
        assertEquals(500, d.retransBytes());
        List<Transmission> kept = d.suspects();
        assertEquals(2, kept.size(), kept.toString());
        assertEquals(Transmission.Outcome.SUPERSEDED, kept.get(0).outcome());
        assertFalse(kept.get(0).retransmission());
        assertEquals(Transmission.Outcome.ACKED, kept.get(1).outcome());
        assertTrue(kept.get(1).retransmission());
        assertEquals(1, d.cleanDelivered(), "the untouched second segment");
    }

    @Test
    void blackHolePatternLeavesEveryCopyUnacknowledged() {
        handshake(8961, 8961);
        data(0, 19, sid);
        clientAcks(19);
        for (int i = 0; i < 5; i++) {
            data(19, 8949, sid + 1 + i);
        }
        TcpFlow f = clientAcks(19);
        table.finish();
        TcpDirection d = f.serverToClient();
        assertEquals(4, d.retransPackets());
        List<Transmission> kept = d.suspects();
        assertEquals(5, kept.size());
        for (int i = 0; i < 4; i++) {
            assertEquals(Transmission.Outcome.SUPERSEDED, kept.get(i).outcome());
            assertEquals(9001, kept.get(i).wireIpLength());
        }
        assertEquals(Transmission.Outcome.UNACKED, kept.get(4).outcome());
        assertEquals(71, d.maxCleanWireIpLength());
    }

    @Test
    void sequenceNumbersWrapAround() {
        serverIsn = 0xFFFFFF00;
        handshake(8961, 8961);
        data(0, 200, sid);
        data(200, 200, sid + 1);
        TcpFlow f = clientAcks(400);
        TcpDirection d = f.serverToClient();
        assertEquals("{[0,400)}", d.seen().toString());
        assertEquals(400, d.ackedTo());
        assertEquals(1, d.cleanDelivered(), "the latest segment waits for its successor's IP ID");
        table.finish();
        assertEquals(2, d.cleanDelivered());
    }

    @Test
    void segmentLargerThanTheMssIsASuperSegmentSplitLogically() {
        handshake(1460, 8961);
        TcpFlow f = data(0, 5000, sid);
        data(5000, 100, sid + 1);
        clientAcks(5100);
        TcpDirection d = f.serverToClient();
        assertEquals(1, d.superSegments());
        assertEquals(52 + 1250, d.maxCleanWireIpLength(), "5000 bytes over 4 wire packets");
    }

    @Test
    void ipIdStepRevealsTsoEvenBelowTheMss() {
        handshake(8961, 8961);
        data(0, 5240, sid);
        data(5240, 100, sid + 4); // IP ID jumped by 4: the first was 4 wire packets
        TcpFlow f = clientAcks(5340);
        TcpDirection d = f.serverToClient();
        assertEquals(1, d.superSegments());
        assertEquals(52 + 1310, d.maxCleanWireIpLength());
    }

    /**
     * Past the sender every packet lost upstream is a gap in the IDs: a full-size packet followed by
     * one is no merge of two when a packet of its size was seen to be one wire packet (its successor's
     * ID one more). It was counted as a super-segment of two 685-byte packets, and left out of what
     * crossed.
     */
    @Test
    void anIdGapAfterAPacketNoLargerThanASingleOneIsUpstreamLoss() {
        handshake(8961, 8961);
        data(0, 1370, sid);
        data(1370, 1370, sid + 1); // one wire packet: the next ID is one more
        data(2740, 1370, sid + 2);
        data(5480, 1370, sid + 4); // sid + 3 (bytes 4110..5480) was lost before this point
        TcpFlow f = clientAcks(2740);
        table.finish();
        TcpDirection d = f.serverToClient();
        assertEquals(0, d.superSegments());
        assertEquals(52 + 1370, d.maxCleanWireIpLength());
    }

    @Test
    void aMergeLargerThanAnySinglePacketIsStillOneWithAGapBehindIt() {
        handshake(8961, 8961);
        data(0, 1370, sid); // one wire packet: the next ID is one more
        data(1370, 2740, sid + 1); // two merged (GRO): a step of 2
        data(4110, 2740, sid + 3); // two merged, then one lost upstream (bytes 6850..8220): a step of 3
        data(8220, 100, sid + 6);
        TcpFlow f = clientAcks(6850);
        table.finish();
        TcpDirection d = f.serverToClient();
        assertEquals(2, d.superSegments());
        assertEquals(52 + 1370, d.maxCleanWireIpLength(), "each merge is two 1,370-byte packets, not three smaller ones");
    }

    @Test
    void ipIdStepAfterASmallPacketIsNotTso() {
        handshake(8961, 8961);
        data(0, 100, sid);
        data(100, 100, sid + 5);
        TcpFlow f = clientAcks(200);
        assertEquals(0, f.serverToClient().superSegments());
    }

    @Test
    void aNewIsnOnTheSameFourTupleIsANewConnection() {
        TcpFlow first = handshake(8961, 8961);
        s.send(false, tcp().seq(serverIsn + 1).flags(Packet.TCP_RST | ACK), 0);
        clientIsn = 777_777;
        serverIsn = 888_888;
        TcpFlow second = handshake(1460, 1460);
        assertNotSame(first, second);
        assertEquals(2, table.all().size());
        assertTrue(first.reset());
        assertEquals(TcpFlow.S2C, first.resetBy());
        assertEquals(1460, second.clientToServer().mss());
    }

    @Test
    void midStreamCaptureGuessesRolesFromPorts() {
        s.clientPort = 7000;
        s.serverPort = 51000; // the "client" in the script talks from 7000
        TcpFlow f = s.send(true, tcp().seq(42).ack(99).flags(ACK).payload(10), 5);
        assertFalse(f.rolesFromHandshake());
        assertEquals(7000, f.serverPort(), "the lower port is taken as the server");
        assertEquals("{[0,10)}", f.serverToClient().seen().toString());
    }

    @Test
    void sackedSegmentsCountAsDeliveredAtTheEnd() {
        handshake(8961, 8961);
        data(0, 100, sid);
        data(100, 100, sid + 1);
        data(200, 100, sid + 2);
        TcpFlow f = clientAcks(0, 100, 300);
        table.finish();
        TcpDirection d = f.serverToClient();
        assertEquals(2, d.cleanDelivered());
        assertEquals(1, d.suspects().size());
        assertEquals(0, d.suspects().get(0).start());
        assertEquals(Transmission.Outcome.UNACKED, d.suspects().get(0).outcome());
    }

    @Test
    void pendingTransmissionsAreBounded() {
        FlowTable small = new FlowTable(10, 16, 64, 1000);
        TcpScript t = new TcpScript(small);
        t.send(true, tcp().seq(1).flags(SYN), 1);
        for (int i = 0; i < 1000; i++) {
            t.send(true, tcp().seq(2 + i * 10).flags(ACK).payload(10), 2 + i);
        }
        TcpDirection d = small.all().get(0).clientToServer();
        assertEquals(1000 - 16, d.evicted());
        small.finish();
        assertTrue(d.suspects().size() <= 16);
    }
}
