package io.gossippreflight.wire.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HandshakeHandlersTest {
    static final InetAddressAndPort ME = InetAddressAndPort.parse("198.18.2.2", 7000);

    /** Records handshake events. */
    static final class Events extends ChannelInboundHandlerAdapter {
        final List<Object> events = new ArrayList<>();

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            events.add(evt);
        }
    }

    static void shuttle(EmbeddedChannel from, EmbeddedChannel to) {
        for (ByteBuf b; (b = from.readOutbound()) != null; ) {
            to.writeInbound(b);
        }
    }

    @ParameterizedTest
    @EnumSource(Framing.class)
    void initiatorAndAcceptorConnectAndCarryMessages(Framing framing) {
        Initiate init = Initiate.modern(MessagingVersion.V12, MessagingVersion.V13, ConnectionType.URGENT_MESSAGES, framing, ME);
        Events ie = new Events();
        Events ae = new Events();
        EmbeddedChannel initiator = new EmbeddedChannel(new HandshakeInitiator(init), ie);
        EmbeddedChannel acceptor = new EmbeddedChannel(new HandshakeAcceptor(MessagingVersion.V12, MessagingVersion.V12,
                DecoderLimits.DEFAULT, null), ae);
        shuttle(initiator, acceptor);
        shuttle(acceptor, initiator);
        assertEquals(List.of(new HandshakeCompleted(init, Accept.modern(12, 12), MessagingVersion.V12)), ie.events);
        assertEquals(1, ae.events.size());
        assertEquals(init, ((HandshakeCompleted) ae.events.get(0)).initiate());
        assertNull(initiator.pipeline().get(HandshakeInitiator.class));
        assertNull(acceptor.pipeline().get(HandshakeAcceptor.class));

        List<Message> sent = new ArrayList<>(NettyCodecTest.smallMessages());
        sent.add(NettyCodecTest.largeMessage(40, 256));
        for (Message m : sent) {
            initiator.writeOutbound(m);
        }
        shuttle(initiator, acceptor);
        assertEquals(sent, NettyCodecTest.drain(acceptor));
        assertFalse(initiator.finish());
        assertFalse(acceptor.finish());
    }

    /**
     * A blind initiator sends its Initiate and then its messages without waiting: the acceptor
     * answers the Initiate and reads the messages that were already behind it; the Accept coming
     * back (and anything after it) is dropped by the initiator, which stays open.
     */
    @ParameterizedTest
    @EnumSource(Framing.class)
    void aBlindInitiatorSendsWithoutWaitingAndTheAcceptorReadsItAll(Framing framing) {
        Initiate init = Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.URGENT_MESSAGES, framing, ME);
        Events ie = new Events();
        Events ae = new Events();
        EmbeddedChannel initiator = new EmbeddedChannel(ie);
        initiator.pipeline().addFirst(HandshakeInitiator.blind(init)); // on an active channel: it starts at once
        assertEquals(List.of(new HandshakeCompleted(init, Accept.modern(12, 12), MessagingVersion.V12)), ie.events,
                "ready as soon as the Initiate is written");
        List<Message> sent = new ArrayList<>(NettyCodecTest.smallMessages());
        sent.add(NettyCodecTest.largeMessage(40, 256));
        for (Message m : sent) {
            initiator.writeOutbound(m);
        }
        // all of it reaches the acceptor in one read, as when nothing waited for the Accept
        ByteBuf all = Unpooled.buffer();
        for (ByteBuf b; (b = initiator.readOutbound()) != null; ) {
            all.writeBytes(b);
            b.release();
        }
        EmbeddedChannel acceptor = new EmbeddedChannel(new HandshakeAcceptor(MessagingVersion.V12, MessagingVersion.V13,
                DecoderLimits.DEFAULT, null), ae);
        acceptor.writeInbound(all);
        assertEquals(1, ae.events.size());
        assertEquals(MessagingVersion.V12, ((HandshakeCompleted) ae.events.get(0)).version());
        assertEquals(sent, NettyCodecTest.drain(acceptor));

        shuttle(acceptor, initiator); // the Accept
        initiator.writeInbound(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}));
        assertTrue(initiator.isOpen(), "whatever the peer sends is dropped");
        assertNull(initiator.readInbound());
        assertEquals(1, ie.events.size());
        assertFalse(initiator.finish());
        assertFalse(acceptor.finish());
    }

    @Test
    void aBlindInitiatorOffersExactlyOneVersion() {
        Initiate two = Initiate.modern(MessagingVersion.V12, MessagingVersion.V13, ConnectionType.URGENT_MESSAGES,
                Framing.CRC, ME);
        assertThrows(IllegalArgumentException.class, () -> HandshakeInitiator.blind(two));
    }

    @Test
    void handshakeSplitByteByByte() {
        Initiate init = Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.SMALL_MESSAGES, Framing.CRC,
                InetAddressAndPort.parse("2001:db8::5", 7000));
        Events ae = new Events();
        EmbeddedChannel initiator = new EmbeddedChannel(new HandshakeInitiator(init));
        EmbeddedChannel acceptor = new EmbeddedChannel(new HandshakeAcceptor(), ae);
        ByteBuf hs = initiator.readOutbound();
        while (hs.isReadable()) {
            acceptor.writeInbound(hs.readRetainedSlice(1));
        }
        hs.release();
        assertEquals(1, ae.events.size());
        ByteBuf accept = acceptor.readOutbound();
        while (accept.isReadable()) {
            initiator.writeInbound(accept.readRetainedSlice(1));
        }
        accept.release();
        assertTrue(initiator.pipeline().get(WirePipeline.FRAME_ENCODER) != null);
        assertFalse(initiator.finish());
        assertFalse(acceptor.finish());
    }

    @Test
    void versionMismatchAndGarbageClose() {
        Initiate only13 = Initiate.modern(MessagingVersion.V13, MessagingVersion.V13, ConnectionType.URGENT_MESSAGES, Framing.CRC, ME);
        EmbeddedChannel initiator = new EmbeddedChannel(new HandshakeInitiator(only13));
        EmbeddedChannel acceptor = new EmbeddedChannel(new HandshakeAcceptor());
        ByteBuf hs = initiator.readOutbound();
        assertThrows(WireFormatException.class, () -> acceptor.writeInbound(hs));
        ByteBuf accept = acceptor.readOutbound();
        assertEquals(Accept.modern(12, 12), Accept.decode(accept, false));
        accept.release();
        assertFalse(acceptor.isOpen());
        // an Accept choosing a version the initiator did not offer
        ByteBuf wrong = Unpooled.buffer();
        Accept.modern(12, 12).encode(wrong);
        DecoderException e = assertThrows(DecoderException.class, () -> initiator.writeInbound(wrong));
        assertInstanceOf(WireFormatException.class, e.getCause());
        assertFalse(initiator.isOpen());

        EmbeddedChannel acceptor2 = new EmbeddedChannel(new HandshakeAcceptor());
        DecoderException g = assertThrows(DecoderException.class,
                () -> acceptor2.writeInbound(Unpooled.wrappedBuffer("GET / HTTP/1.1\r\n".getBytes())));
        assertTrue(g.getCause().getMessage().contains("magic"));
        assertFalse(acceptor2.isOpen());
        acceptor2.finishAndReleaseAll();
        initiator.finishAndReleaseAll();
        acceptor.finishAndReleaseAll();
    }
}
