package io.gossippreflight.wire.netty;

import static io.gossippreflight.wire.netty.HandshakeHandlersTest.shuttle;
import static io.gossippreflight.wire.netty.LegacyFixtures.inbound;
import static io.gossippreflight.wire.netty.LegacyFixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.stream.StreamDecoder;
import io.gossippreflight.wire.stream.StreamEvent;
import io.gossippreflight.wire.stream.StreamOptions;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jpountz.lz4.LZ4BlockOutputStream;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.xxhash.XXHashFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The pre-4.0 handshake and message stream through our Netty handlers, both roles, on embedded channels. */
class LegacyHandshakeHandlersTest {
    static final MessagingVersion V10 = MessagingVersion.V10;
    static final MessagingVersion V11 = MessagingVersion.V11;
    static final MessagingVersion V12 = MessagingVersion.V12;
    static final InetAddressAndPort FROM = LegacyFixtures.NODE3;

    static HandshakeAcceptor acceptor(MessagingVersion min, MessagingVersion max) {
        return new HandshakeAcceptor(min, max, DecoderLimits.DEFAULT, null);
    }

    static ByteBuf wrap(byte[] b) {
        return Unpooled.wrappedBuffer(b);
    }

    /**
     * Everything a pre-4.0 initiator sends once the acceptor answered {@code answer}: preamble,
     * confirmation, then the messages — the first half flushed one by one, the rest written
     * together and flushed once (so, compressed, they share LZ4 blocks).
     */
    static byte[] initiatorStream(MessagingVersion v, boolean compressed, InetAddressAndPort from, int answer,
                                  List<LegacyMessage> ms) {
        Recorder r = new Recorder();
        EmbeddedChannel ch = new EmbeddedChannel(new LegacyHandshakeInitiator(v, compressed, from), r);
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(outbound(ch));
        ch.writeInbound(wrap(new byte[] {0, 0, 0, (byte) answer}));
        assertNotNull(r.completed(), "handshake done");
        int half = ms.size() / 2;
        for (LegacyMessage m : ms.subList(0, half)) {
            ch.writeOutbound(m);
        }
        for (LegacyMessage m : ms.subList(half, ms.size())) {
            ch.write(m);
        }
        ch.flush();
        all.writeBytes(outbound(ch));
        assertFalse(ch.finish());
        return all.toByteArray();
    }

    @ParameterizedTest(name = "{0} compressed={1} acceptor {2}..{3}")
    @CsvSource({"V10, false, V10, V11", "V11, false, V10, V11", "V10, true, V10, V11", "V11, true, V10, V11",
        "V11, false, V10, V12", "V11, true, V10, V12", "V10, false, V10, V12", "V10, true, V10, V13", "V11, true, V11, V11"})
    void handshakeThenMessagesOneWay(MessagingVersion v, boolean compressed, MessagingVersion min, MessagingVersion max) {
        Recorder ir = new Recorder();
        Recorder ar = new Recorder();
        EmbeddedChannel initiator = new EmbeddedChannel(new LegacyHandshakeInitiator(v, compressed, FROM), ir);
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(min, max), ar);
        shuttle(initiator, acceptor);
        assertNull(ar.completed(), "waits for the third message");
        assertArrayEquals(new byte[] {0, 0, 0, (byte) max.id()}, outbound(acceptor), "answers with its max version");
        initiator.writeInbound(wrap(new byte[] {0, 0, 0, (byte) max.id()}));
        shuttle(initiator, acceptor);

        HandshakeCompleted ic = ir.completed();
        assertEquals(new HandshakeCompleted(Initiate.legacy(v, compressed, false), Accept.legacy(max.id()), v,
                new ConfirmOutboundPre40(v.id(), FROM)), ic);
        assertTrue(ic.isPre40());
        assertEquals(ic, ar.completed(), "both sides agree on every handshake step");
        assertNull(initiator.pipeline().get(LegacyHandshakeInitiator.class));
        assertNull(acceptor.pipeline().get(HandshakeAcceptor.class));
        assertEquals(compressed, initiator.pipeline().get(WirePipeline.LZ4_BLOCK_ENCODER) != null);
        assertEquals(compressed, acceptor.pipeline().get(WirePipeline.LZ4_BLOCK_DECODER) != null);
        assertNotNull(acceptor.pipeline().get(WirePipeline.LEGACY_MESSAGE_DECODER));
        assertNull(acceptor.pipeline().get(WirePipeline.MESSAGE_ENCODER), "a pre-4.0 inbound connection is one-way");

        List<LegacyMessage> ms = LegacyFixtures.messages(v, FROM, 6, 256, 2);
        for (LegacyMessage m : ms.subList(0, 4)) {
            initiator.writeOutbound(m);
        }
        for (LegacyMessage m : ms.subList(4, ms.size())) {
            initiator.write(m);
        }
        initiator.flush();
        shuttle(initiator, acceptor);
        assertEquals(ms, inbound(acceptor));
        assertNull(acceptor.readOutbound(), "the acceptor writes nothing after its version");
        assertFalse(initiator.finish());
        assertFalse(acceptor.finish());
    }

    @ParameterizedTest(name = "compressed={0} acceptor max {1}")
    @CsvSource({"false, V11", "true, V11", "false, V12", "true, V12"})
    void acceptorInputSplitAtEveryByteBoundary(boolean compressed, MessagingVersion max) {
        List<LegacyMessage> ms = LegacyFixtures.messages(V11, LegacyFixtures.NODE3_V6, 2, 4, 1);
        byte[] s = initiatorStream(V11, compressed, LegacyFixtures.NODE3_V6, max.id(), ms);
        HandshakeCompleted want = new HandshakeCompleted(Initiate.legacy(V11, compressed, false), Accept.legacy(max.id()), V11,
                new ConfirmOutboundPre40(11, LegacyFixtures.NODE3_V6));
        for (int cut = 0; cut <= s.length; cut++) {
            Recorder ar = new Recorder();
            EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, max), ar);
            acceptor.writeInbound(wrap(Arrays.copyOfRange(s, 0, cut)));
            acceptor.writeInbound(wrap(Arrays.copyOfRange(s, cut, s.length)));
            assertEquals(want, ar.completed(), "cut at " + cut);
            assertEquals(ms, inbound(acceptor), "cut at " + cut);
            assertArrayEquals(new byte[] {0, 0, 0, (byte) max.id()}, outbound(acceptor), "cut at " + cut);
            assertEquals(List.of(), ar.errors);
            assertFalse(acceptor.finish(), "nothing left behind, cut at " + cut);
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void byteByByteWithLargeMessagesOverSeveralBlocks(boolean compressed) {
        List<LegacyMessage> ms = LegacyFixtures.messages(V11, FROM, 8, 256, 2);
        byte[] s = initiatorStream(V11, compressed, FROM, 12, ms);
        assertTrue(s.length > 4 * Lz4BlockFormat.DEFAULT_BLOCK_SIZE, "several blocks: " + s.length);
        Recorder ar = new Recorder();
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V12), ar);
        for (byte b : s) {
            acceptor.writeInbound(wrap(new byte[] {b}));
        }
        assertNotNull(ar.completed());
        assertEquals(ms, inbound(acceptor));
        assertArrayEquals(new byte[] {0, 0, 0, 12}, outbound(acceptor));
        assertFalse(acceptor.finish());
    }

    @Test
    void initiatorAnswerSplitByteByByte() {
        Recorder ir = new Recorder();
        EmbeddedChannel initiator = new EmbeddedChannel(new LegacyHandshakeInitiator(V11, true, FROM), ir);
        byte[] preamble = outbound(initiator);
        ByteBuf want = Unpooled.buffer();
        Initiate.legacy(V11, true, false).encode(want);
        assertArrayEquals(io.gossippreflight.wire.RoundTrip.bytes(want), preamble);
        assertEquals(0x0000_0B04, Unpooled.wrappedBuffer(preamble).getInt(4), "version 11 << 8 | compressed");
        byte[] answer = {0, 0, 0, 12};
        for (int i = 0; i < 3; i++) {
            initiator.writeInbound(wrap(new byte[] {answer[i]}));
            assertNull(initiator.readOutbound(), "no confirmation before the whole answer");
        }
        initiator.writeInbound(wrap(new byte[] {answer[3]}));
        byte[] confirm = outbound(initiator);
        assertArrayEquals(new byte[] {0, 0, 0, 11, 4, (byte) 198, 18, 3, 3}, confirm, "version 11, address without port");
        assertNotNull(ir.completed());
        assertFalse(initiator.finish());
    }

    /** What Cassandra 4.0/4.1 do against a 3.x node: the 4.0+ Initiate is answered with 11, then the retry is pre-4.0. */
    @Test
    void modernInitiatorRetriesAThreeElevenAcceptorWithThePre40Handshake() {
        Initiate init = Initiate.modern(V12, V12, ConnectionType.URGENT_MESSAGES, Framing.CRC,
                InetAddressAndPort.parse("198.18.4.4", 7000));
        Recorder ir = new Recorder();
        Recorder ar = new Recorder();
        EmbeddedChannel initiator = new EmbeddedChannel(new HandshakeInitiator(init), ir);
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V11), ar);
        shuttle(initiator, acceptor);
        HandshakeVersionException ae = assertInstanceOf(HandshakeVersionException.class, ar.error());
        assertEquals(12, ae.peerVersion());
        assertFalse(acceptor.isOpen());
        byte[] answer = outbound(acceptor);
        assertArrayEquals(new byte[] {0, 0, 0, 11}, answer);
        initiator.writeInbound(wrap(answer));
        HandshakeVersionException ie = assertInstanceOf(HandshakeVersionException.class, ir.error());
        assertEquals(11, ie.peerVersion());
        assertTrue(ie.getMessage().contains("pre-4.0"), ie.getMessage());
        assertFalse(initiator.isOpen());

        Recorder ir2 = new Recorder();
        Recorder ar2 = new Recorder();
        EmbeddedChannel retry = new EmbeddedChannel(new LegacyHandshakeInitiator(MessagingVersion.of(ie.peerVersion()), false,
                InetAddressAndPort.parse("198.18.4.4", 7000)), ir2);
        EmbeddedChannel acceptor2 = new EmbeddedChannel(acceptor(V10, V11), ar2);
        shuttle(retry, acceptor2);
        shuttle(acceptor2, retry);
        shuttle(retry, acceptor2);
        assertEquals(V11, ar2.completed().version());
        assertEquals(ir2.completed(), ar2.completed());
        initiator.finishAndReleaseAll();
        acceptor.finishAndReleaseAll();
        assertFalse(retry.finish());
        assertFalse(acceptor2.finish());
    }

    @Test
    void answerBelowTheRequestedVersionClosesWithoutTheThirdMessage() {
        Recorder ir = new Recorder();
        Recorder ar = new Recorder();
        EmbeddedChannel initiator = new EmbeddedChannel(new LegacyHandshakeInitiator(V11, false, FROM), ir);
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V10), ar); // an old 3.0 node
        shuttle(initiator, acceptor);
        assertEquals(11, assertInstanceOf(HandshakeVersionException.class, ar.error()).peerVersion());
        assertFalse(acceptor.isOpen(), "3.0 answers, then drops a newer peer");
        shuttle(acceptor, initiator);
        HandshakeVersionException e = assertInstanceOf(HandshakeVersionException.class, ir.error());
        assertEquals(10, e.peerVersion());
        assertTrue(e.getMessage().contains("reconnect requesting 10"), e.getMessage());
        assertNull(initiator.readOutbound(), "the third message is not sent");
        assertFalse(initiator.isOpen());
        initiator.finishAndReleaseAll();
        acceptor.finishAndReleaseAll();
    }

    @Test
    void fiveZeroAcceptorClosesAPre40PeerUnanswered() {
        Recorder ar = new Recorder();
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V12, MessagingVersion.V13), ar);
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(V11, false, false).encode(b);
        acceptor.writeInbound(b);
        assertEquals(11, assertInstanceOf(HandshakeVersionException.class, ar.error()).peerVersion());
        assertNull(acceptor.readOutbound());
        assertFalse(acceptor.isOpen());
        assertFalse(acceptor.finish());
    }

    @Test
    void requestBelowTheAcceptorsMinimumIsAnsweredThenClosed() {
        Recorder ar = new Recorder();
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V11, V12), ar);
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(V10, false, false).encode(b);
        acceptor.writeInbound(b);
        assertEquals(10, assertInstanceOf(HandshakeVersionException.class, ar.error()).peerVersion());
        assertArrayEquals(new byte[] {0, 0, 0, 12}, outbound(acceptor));
        assertFalse(acceptor.isOpen());
        acceptor.finishAndReleaseAll();
    }

    /** Found by fuzzing: flags requesting 12 with no version range are neither a 4.0+ Initiate nor a pre-4.0 stream. */
    @Test
    void preambleRequestingAModernVersionWithoutARangeIsClosedUnanswered() {
        Recorder ar = new Recorder();
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V12), ar);
        acceptor.writeInbound(wrap(new byte[] {(byte) 0xCA, 0x55, 0x2D, (byte) 0xFA, 0, 0, 12, 0, 0, 0, 0, 12, 4, 1, 2, 3, 4}));
        assertEquals(12, assertInstanceOf(HandshakeVersionException.class, ar.error()).peerVersion());
        assertNull(acceptor.readOutbound());
        assertNull(ar.completed());
        assertFalse(acceptor.isOpen());
        assertFalse(acceptor.finish());

        Recorder r3 = new Recorder(); // a 3.x node answers its version, then drops the newer peer
        EmbeddedChannel three = new EmbeddedChannel(acceptor(V10, V11), r3);
        three.writeInbound(wrap(new byte[] {(byte) 0xCA, 0x55, 0x2D, (byte) 0xFA, 0, 0, 12, 0}));
        assertEquals(12, assertInstanceOf(HandshakeVersionException.class, r3.error()).peerVersion());
        assertArrayEquals(new byte[] {0, 0, 0, 11}, outbound(three));
        assertFalse(three.isOpen());
        three.finishAndReleaseAll();
    }

    @Test
    void pre40StreamingAndBadConfirmationsClose() {
        Recorder ar = new Recorder();
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V12), ar);
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(V11, false, true).encode(b);
        acceptor.writeInbound(b);
        assertTrue(ar.error().getMessage().contains("streaming"), ar.error().getMessage());
        assertFalse(acceptor.isOpen());
        acceptor.finishAndReleaseAll();

        Recorder ar2 = new Recorder();
        EmbeddedChannel acceptor2 = new EmbeddedChannel(acceptor(V10, V12), ar2);
        ByteBuf p = Unpooled.buffer();
        Initiate.legacy(V11, false, false).encode(p);
        p.writeBytes(new byte[] {0, 0, 0, 11, 7, 1, 2, 3, 4, 5, 6, 7});
        acceptor2.writeInbound(p);
        WireFormatException e = assertInstanceOf(WireFormatException.class, ar2.error());
        assertTrue(e.getMessage().contains("address size 7"), e.getMessage());
        assertNull(ar2.completed());
        assertFalse(acceptor2.isOpen());
        acceptor2.finishAndReleaseAll();
    }

    /** The analyzer's socket-less decoder reads exactly what our initiator wrote, and our acceptor's answer. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void streamDecoderReadsWhatTheHandlersWrite(boolean compressed) {
        List<LegacyMessage> ms = LegacyFixtures.messages(V11, FROM, 4, 64, 2);
        byte[] s = initiatorStream(V11, compressed, FROM, 12, ms);
        List<StreamEvent> ev = new ArrayList<>();
        StreamDecoder d = new StreamDecoder(StreamOptions.DEFAULT.withKeepMessageBytes(true), ev::add);
        d.feed(s);
        d.finish();
        List<InternodeMessage> got = new ArrayList<>();
        for (StreamEvent e : ev) {
            assertFalse(e instanceof StreamEvent.Malformed || e instanceof StreamEvent.Truncated
                    || e instanceof StreamEvent.Desynced, e.toString());
            if (e instanceof StreamEvent.MessageSeen m) {
                got.add(m.message());
                ByteBuf again = Unpooled.buffer();
                LegacyMessageSerializer.serialize((LegacyMessage) m.message(), again, V11);
                assertArrayEquals(m.bytes(), io.gossippreflight.wire.RoundTrip.bytes(again));
            }
            if (e instanceof StreamEvent.ConfirmSeen c) {
                assertEquals(new ConfirmOutboundPre40(11, FROM), c.confirm());
            }
        }
        assertEquals(ms, got);

        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V12));
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(V11, compressed, false).encode(b);
        acceptor.writeInbound(b);
        List<StreamEvent> back = new ArrayList<>();
        StreamDecoder bd = new StreamDecoder(StreamOptions.DEFAULT.withPeerInitiate(Initiate.legacy(V11, compressed, false)),
                back::add);
        bd.feed(outbound(acceptor));
        bd.finish();
        assertEquals(List.of(new StreamEvent.AcceptSeen(0, Accept.legacy(12))), back);
        acceptor.finishAndReleaseAll();
    }

    /** A 3.11 node's own compressor (lz4-java LZ4BlockOutputStream; 4.x writes 32 KiB blocks) read by our acceptor. */
    @ParameterizedTest
    @ValueSource(ints = {1 << 14, 1 << 15})
    void readsTheLz4BlockStreamLz4JavaWrites(int blockSize) throws Exception {
        List<LegacyMessage> ms = LegacyFixtures.messages(V11, FROM, 6, 256, 2);
        ByteArrayOutputStream theirs = new ByteArrayOutputStream();
        ByteBuf hs = Unpooled.buffer();
        Initiate.legacy(V11, true, false).encode(hs);
        new ConfirmOutboundPre40(11, FROM).encode(hs);
        theirs.writeBytes(io.gossippreflight.wire.RoundTrip.bytes(hs));
        try (LZ4BlockOutputStream out = new LZ4BlockOutputStream(theirs, blockSize, LZ4Factory.fastestInstance().fastCompressor(),
                XXHashFactory.fastestInstance().newStreamingHash32(Lz4BlockFormat.SEED).asChecksum(), true)) {
            for (LegacyMessage m : ms) {
                ByteBuf one = Unpooled.buffer();
                LegacyMessageSerializer.serialize(m, one, V11);
                out.write(io.gossippreflight.wire.RoundTrip.bytes(one));
                out.flush();
            }
        }
        byte[] s = theirs.toByteArray();
        Recorder ar = new Recorder();
        EmbeddedChannel acceptor = new EmbeddedChannel(acceptor(V10, V12), ar);
        for (int i = 0; i < s.length; i += 777) {
            acceptor.writeInbound(wrap(Arrays.copyOfRange(s, i, Math.min(s.length, i + 777))));
        }
        assertEquals(ms, inbound(acceptor));
        assertArrayEquals(new byte[] {0, 0, 0, 12}, outbound(acceptor));
        assertEquals(List.of(), ar.errors, "the end-of-stream block closing the stream is understood");
        assertFalse(acceptor.finish());
    }
}
