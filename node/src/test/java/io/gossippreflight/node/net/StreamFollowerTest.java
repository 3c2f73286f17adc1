package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.FixtureFiles;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.StreamMessages.Control;
import io.gossippreflight.node.net.StreamMessages.Init;
import io.gossippreflight.node.net.StreamMessages.PrepareSyn;
import io.gossippreflight.node.net.StreamMessages.PrepareSynAck;
import io.gossippreflight.node.net.StreamMessages.Received;
import io.gossippreflight.node.net.StreamMessages.Request;
import io.gossippreflight.node.net.StreamMessages.StreamMessage;
import io.gossippreflight.node.net.StreamMessages.Summary;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The streaming follower of a node without data, against the bootstrap stream session of a real
 * Cassandra 5.0.9 join (fixtures capture two-node-join-a.pcap: 198.18.2.2 bootstraps and streams
 * from the seed 198.18.1.2) and against crafted sessions it must refuse.
 */
class StreamFollowerTest {
    static final InetAddressAndPort JOINER = InetAddressAndPort.parse("198.18.2.2", 7000);
    /** The joiner's side of its streaming connection to the seed: Initiate, then stream messages. */
    static byte[] joinerSent;
    /** The seed's side: Accept, then stream messages. */
    static byte[] seedSent;

    final MemoryLog log = new MemoryLog(NodeLog.Level.DEBUG);

    @BeforeAll
    static void readCapture() throws IOException {
        var pcap = FixtureFiles.capture("cassandra-5.0.9/two-node-join-a.pcap");
        joinerSent = CaptureStreams.sent(pcap, "198.18.2.2", 39744, "198.18.1.2", 7000);
        seedSent = CaptureStreams.sent(pcap, "198.18.1.2", 7000, "198.18.2.2", 39744);
    }

    /** The joiner's stream messages, after its streaming handshake. */
    static ByteBuf joinerMessages() {
        ByteBuf b = Unpooled.wrappedBuffer(joinerSent);
        Initiate i = Initiate.decode(b);
        assertEquals(ConnectionType.STREAMING, i.type());
        return b;
    }

    static List<StreamMessage> decodeAll(ByteBuf b) {
        List<StreamMessage> out = new ArrayList<>();
        while (b.isReadable()) {
            StreamMessage m = StreamMessages.decode(b);
            assertTrue(m != null, "message cut short at " + b.readerIndex());
            out.add(m);
        }
        return out;
    }

    @Test
    void decodesARealBootstrapSessionMessageByMessage() {
        List<StreamMessage> ms = decodeAll(joinerMessages());
        assertEquals(4, ms.size(), ms.toString());
        Init init = (Init) ms.get(0);
        assertEquals(JOINER, init.from());
        assertEquals(0, init.sessionIndex());
        assertEquals(UUID.fromString("6c962310-e5eb-11f1-add4-391ca20d3274"), init.planId());
        assertEquals("Bootstrap", init.operation());
        assertNull(init.pendingRepair());
        assertEquals(0, init.previewKind());
        PrepareSyn syn = (PrepareSyn) ms.get(1);
        assertEquals(List.of("system_distributed", "system_auth", "system_traces"),
                syn.requests().stream().map(Request::keyspace).toList());
        assertEquals(32, syn.requests().get(0).fullRanges());
        assertEquals(16, syn.requests().get(1).fullRanges());
        assertTrue(syn.requests().stream().allMatch(r -> r.transientRanges() == 0 && r.tables().isEmpty()), "all tables");
        assertTrue(syn.summaries().isEmpty(), "a bootstrapping node sends nothing");
        assertEquals(new Control(StreamMessages.PREPARE_ACK), ms.get(2));
        Received received = (Received) ms.get(3);
        assertEquals(0, received.sequence());
    }

    @Test
    void theSeedsAnswerHasTheShapeOfOurs() {
        ByteBuf b = Unpooled.wrappedBuffer(seedSent);
        assertTrue(Accept.decode(b, false) != null);
        List<StreamMessage> ms = decodeAll(b);
        assertEquals(2, ms.size(), ms.toString());
        PrepareSynAck ack = (PrepareSynAck) ms.get(0);
        assertEquals(List.of(new Summary(((Received) decodeAll(joinerMessages()).get(3)).tableId(), 7, 0x1433)),
                ack.summaries(), "the seed had one table of 7 files to send");
        assertEquals(new Control(StreamMessages.COMPLETE), ms.get(1));

        ByteBuf ours = StreamMessages.nothingToSend(Unpooled.buffer().alloc());
        assertEquals(new PrepareSynAck(List.of()), StreamMessages.decode(ours));
    }

    /** The real bootstrap request: STREAM_INIT and PREPARE_SYN, nothing after. */
    static byte[] bootstrapRequest() {
        ByteBuf b = joinerMessages();
        int start = b.readerIndex();
        StreamMessages.decode(b);
        StreamMessages.decode(b);
        return ByteBufUtil.getBytes(b, start, b.readerIndex() - start);
    }

    static List<byte[]> written(EmbeddedChannel ch) {
        List<byte[]> out = new ArrayList<>();
        for (Object o; (o = ch.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) o;
            out.add(ByteBufUtil.getBytes(b));
            b.release();
        }
        return out;
    }

    @Test
    void answersABootstrapWithNothingToSendThenCompleteAndLeavesClosingToTheInitiator() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFollower(JOINER, log));
        ch.writeInbound(Unpooled.wrappedBuffer(bootstrapRequest()));
        List<byte[]> out = written(ch);
        assertEquals(2, out.size());
        assertArrayEquals(new byte[] {8, 0, 0, 0, 0}, out.get(0), "PREPARE_SYNACK with no summaries");
        assertArrayEquals(new byte[] {5}, out.get(1), "COMPLETE");
        assertTrue(ch.isOpen(), "the initiator closes a completed session");
        assertEquals(1, log.grep("(Bootstrap) from " + JOINER + " asks for system_distributed (32 ranges), system_auth (16 ranges)")
                .size(), log.lines().toString());
        ch.finishAndReleaseAll();
    }

    @Test
    void theSameBytesOneAtATimeGiveTheSameAnswer() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFollower(JOINER, log));
        byte[] req = bootstrapRequest();
        for (int i = 0; i < req.length; i++) {
            ch.writeInbound(Unpooled.wrappedBuffer(req, i, 1));
            if (i < req.length - 1) {
                assertTrue(written(ch).isEmpty(), "nothing before the PREPARE_SYN is complete (byte " + i + ")");
            }
        }
        List<byte[]> out = written(ch);
        assertEquals(List.of("0800000000", "05"), out.stream().map(ByteBufUtil::hexDump).toList());
        ch.finishAndReleaseAll();
    }

    /** STREAM_INIT from 198.18.2.2:7000, session 0, a plan, an operation, preview kind. */
    static ByteBuf init(String operation, int previewKind) {
        ByteBuf b = Unpooled.buffer();
        b.writeByte(StreamMessages.STREAM_INIT).writeByte(6).writeBytes(new byte[] {(byte) 198, 18, 2, 2}).writeShort(7000);
        b.writeInt(0).writeLong(1).writeLong(2);
        b.writeShort(operation.length()).writeBytes(operation.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        b.writeBoolean(false).writeInt(previewKind);
        return b;
    }

    /** PREPARE_SYN with no requests and one summary of {@code files} files. */
    static ByteBuf prepareSyn(int files) {
        ByteBuf b = Unpooled.buffer().writeByte(StreamMessages.PREPARE_SYN).writeInt(0);
        if (files == 0) {
            return b.writeInt(0);
        }
        return b.writeInt(1).writeLong(3).writeLong(4).writeInt(files).writeLong(1000L * files);
    }

    @Test
    void refusesASessionThatWouldSendUsFilesAndClosesIt() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFollower(JOINER, log));
        ch.writeInbound(init("Unbootstrap", 0), prepareSyn(3));
        assertEquals(List.of("06"), written(ch).stream().map(ByteBufUtil::hexDump).toList(), "SESSION_FAILED");
        assertFalse(ch.isOpen());
        assertEquals(1, log.grep("Unbootstrap would send us 3 files; this node stores no data").size(), log.lines().toString());
    }

    @Test
    void aPreviewSessionEndsWithTheSynAck() {
        EmbeddedChannel ch = new EmbeddedChannel(new StreamFollower(JOINER, log));
        ch.writeInbound(init("Repair", 2), prepareSyn(0));
        assertEquals(List.of("0800000000"), written(ch).stream().map(ByteBufUtil::hexDump).toList());
        ch.finishAndReleaseAll();
    }

    @Test
    void refusesAnythingButStreamInitFirstAnUnknownTypeAndFileData() {
        for (ByteBuf bad : List.of(prepareSyn(0), Unpooled.wrappedBuffer(new byte[] {42}),
                Unpooled.wrappedBuffer(Unpooled.wrappedBuffer(ByteBufUtil.getBytes(init("Bootstrap", 0))),
                        Unpooled.wrappedBuffer(new byte[] {StreamMessages.STREAM, 1, 2, 3})))) {
            EmbeddedChannel ch = new EmbeddedChannel(new StreamFollower(JOINER, log));
            ch.writeInbound(bad);
            assertEquals(List.of("06"), written(ch).stream().map(ByteBufUtil::hexDump).toList());
            assertFalse(ch.isOpen());
        }
        assertEquals(3, log.grep("Refusing stream session").size(), log.lines().toString());
    }

    @Test
    void countsAndLengthsAreBoundedBeforeAnythingIsAllocated() {
        ByteBuf hugeCount = Unpooled.buffer().writeByte(StreamMessages.PREPARE_SYN).writeInt(Integer.MAX_VALUE);
        assertThrows(StreamMessages.StreamFormatException.class, () -> StreamMessages.decode(hugeCount));
        ByteBuf negativeToken = Unpooled.buffer().writeByte(StreamMessages.PREPARE_SYN).writeInt(1)
                .writeShort(2).writeBytes("ks".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).writeInt(0)
                .writeByte(6).writeInt(0).writeShort(7000).writeInt(1).writeInt(-1);
        assertThrows(StreamMessages.StreamFormatException.class, () -> StreamMessages.decode(negativeToken));
        ByteBuf badAddress = Unpooled.buffer().writeByte(StreamMessages.STREAM_INIT).writeByte(5);
        assertThrows(StreamMessages.StreamFormatException.class, () -> StreamMessages.decode(badAddress));
        ByteBuf cut = Unpooled.buffer().writeByte(StreamMessages.PREPARE_SYN).writeInt(2);
        assertNull(StreamMessages.decode(cut), "incomplete: wait for more");
        assertEquals(0, cut.readerIndex(), "and nothing consumed");
    }
}
