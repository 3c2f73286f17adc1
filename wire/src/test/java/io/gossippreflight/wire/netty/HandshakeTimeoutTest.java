package io.gossippreflight.wire.netty;

import static io.gossippreflight.wire.netty.LegacyFixtures.outbound;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The handshake timeout on the embedded channel's own clock: frozen, then advanced; nothing sleeps. */
class HandshakeTimeoutTest {
    static final InetAddressAndPort ME = InetAddressAndPort.parse("198.18.2.2", 7000);
    static final Initiate MODERN = Initiate.modern(MessagingVersion.V12, MessagingVersion.V12, ConnectionType.URGENT_MESSAGES,
            Framing.CRC, ME);

    /** A channel whose clock is frozen before the handler (and so its timer) is added. */
    static EmbeddedChannel frozen(ChannelHandler handshake, Recorder r) {
        EmbeddedChannel ch = new EmbeddedChannel();
        ch.freezeTime();
        ch.pipeline().addLast(handshake, r);
        return ch;
    }

    static void advance(EmbeddedChannel ch, Duration d) {
        ch.advanceTimeBy(d.toNanos(), TimeUnit.NANOSECONDS);
        ch.runScheduledPendingTasks();
    }

    /** Open until the last nanosecond of the timeout, then closed with the typed exception. */
    static HandshakeTimeoutException expireAt(EmbeddedChannel ch, Recorder r, Duration timeout) {
        advance(ch, timeout.minusNanos(1));
        assertTrue(ch.isOpen(), "still waiting just before the timeout");
        assertEquals(List.of(), r.errors);
        advance(ch, Duration.ofNanos(1));
        assertFalse(ch.isOpen(), "closed at the timeout");
        HandshakeTimeoutException e = assertInstanceOf(HandshakeTimeoutException.class, r.error());
        assertEquals(timeout, e.timeout());
        assertTrue(e.getMessage().contains("embedded"), "names the peer: " + e.getMessage());
        return e;
    }

    @Test
    void initiatorWaitsTenSecondsForTheAcceptByDefault() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = frozen(new HandshakeInitiator(MODERN), r);
        assertEquals(MODERN.serializedSize(), outbound(ch).length, "the Initiate went out when the handler was added");
        ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0})); // 3 of the Accept's 12 bytes
        HandshakeTimeoutException e = expireAt(ch, r, Duration.ofSeconds(10));
        assertEquals("the Accept (12 bytes)", e.awaited());
        assertEquals(3, e.receivedBytes());
        assertTrue(e.getMessage().contains("3 bytes of it received"), e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void legacyInitiatorTimeoutIsConfigurable() {
        Recorder r = new Recorder();
        Duration t = Duration.ofMillis(250);
        EmbeddedChannel ch = frozen(new LegacyHandshakeInitiator(MessagingVersion.V11, false, ME, t), r);
        assertEquals(8, outbound(ch).length, "the preamble went out");
        HandshakeTimeoutException e = expireAt(ch, r, t);
        assertEquals("the acceptor's messaging version (4 bytes)", e.awaited());
        assertEquals(0, e.receivedBytes());
        assertTrue(e.getMessage().contains("nothing received"), e.getMessage());
        assertFalse(ch.finish());
    }

    @Test
    void acceptorWaitsForTheInitiate() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = frozen(new HandshakeAcceptor(MessagingVersion.V10, MessagingVersion.V12, DecoderLimits.DEFAULT, null,
                Duration.ofSeconds(3)), r);
        HandshakeTimeoutException e = expireAt(ch, r, Duration.ofSeconds(3));
        assertTrue(e.awaited().startsWith("the Initiate"), e.awaited());
        assertEquals(0, outbound(ch).length, "nothing was answered");
        assertFalse(ch.finish());
    }

    @Test
    void acceptorWaitsForThePre40ConfirmationAndNamesTheStep() {
        Recorder r = new Recorder();
        EmbeddedChannel ch = frozen(new HandshakeAcceptor(MessagingVersion.V10, MessagingVersion.V12, DecoderLimits.DEFAULT, null,
                Duration.ofSeconds(5)), r);
        advance(ch, Duration.ofSeconds(4)); // the timer covers the whole handshake, not each step
        ByteBuf b = Unpooled.buffer();
        Initiate.legacy(MessagingVersion.V11, false, false).encode(b);
        b.writeBytes(new byte[] {0, 0, 0, 11, 4}); // the confirmation's version and address length only
        ch.writeInbound(b);
        assertEquals(4, outbound(ch).length, "answered the preamble");
        advance(ch, Duration.ofMillis(999));
        assertTrue(ch.isOpen());
        advance(ch, Duration.ofMillis(1));
        HandshakeTimeoutException e = assertInstanceOf(HandshakeTimeoutException.class, r.error());
        assertTrue(e.awaited().contains("ConfirmOutboundPre40"), e.awaited());
        assertEquals(5, e.receivedBytes());
        assertFalse(ch.isOpen());
        assertFalse(ch.finish());
    }

    @Test
    void acceptorNamesTheAddressAModernPeerAdvertised() {
        // a 3.x-only acceptor answers a 4.0+ Initiate and closes; the event names the peer's version
        Recorder r = new Recorder();
        EmbeddedChannel ch = frozen(new HandshakeAcceptor(MessagingVersion.V10, MessagingVersion.V11, DecoderLimits.DEFAULT, null,
                Duration.ofSeconds(1)), r);
        ByteBuf b = Unpooled.buffer();
        MODERN.encode(b);
        ch.writeInbound(b);
        assertEquals(12, assertInstanceOf(HandshakeVersionException.class, r.error()).peerVersion());
        advance(ch, Duration.ofSeconds(2));
        assertEquals(1, r.errors.size(), "no timeout after the handshake ended");
        ch.finishAndReleaseAll();
    }

    @Test
    void aCompletedHandshakeCancelsTheTimer() {
        Recorder ir = new Recorder();
        Recorder ar = new Recorder();
        EmbeddedChannel initiator = frozen(new HandshakeInitiator(MODERN, DecoderLimits.DEFAULT, null, Duration.ofSeconds(2)), ir);
        EmbeddedChannel acceptor = frozen(new HandshakeAcceptor(MessagingVersion.V12, MessagingVersion.V12, DecoderLimits.DEFAULT,
                null, Duration.ofSeconds(2)), ar);
        HandshakeHandlersTest.shuttle(initiator, acceptor);
        HandshakeHandlersTest.shuttle(acceptor, initiator);
        assertNotNull(ir.completed());
        assertNotNull(ar.completed());
        advance(initiator, Duration.ofMinutes(1));
        advance(acceptor, Duration.ofMinutes(1));
        assertTrue(initiator.isOpen());
        assertTrue(acceptor.isOpen());
        assertEquals(List.of(), ir.errors);
        assertEquals(List.of(), ar.errors);
        assertFalse(initiator.finish());
        assertFalse(acceptor.finish());
    }

    @Test
    void timeoutMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new HandshakeInitiator(MODERN, DecoderLimits.DEFAULT, null, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new HandshakeAcceptor(MessagingVersion.V12, MessagingVersion.V12,
                DecoderLimits.DEFAULT, null, Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> new LegacyHandshakeInitiator(MessagingVersion.V11, false, ME, null));
        assertEquals(Duration.ofSeconds(10), new HandshakeAcceptor().timeout());
    }
}
