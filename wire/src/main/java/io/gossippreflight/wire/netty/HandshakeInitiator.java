package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Connecting side of the 4.0+ handshake: sends the Initiate when the channel becomes active,
 * waits for the 12-byte Accept, checks the chosen version is one it offered, then replaces
 * itself with the frame and message codecs and fires {@link HandshakeCompleted}. A pre-4.0 answer
 * or an unoffered version closes the channel with a {@link HandshakeVersionException} (its
 * {@code peerVersion} is what to retry with, e.g. through {@link LegacyHandshakeInitiator}); a bad
 * CRC with a {@link io.gossippreflight.wire.WireFormatException}; no Accept within the timeout
 * (default 10 s) with a {@link HandshakeTimeoutException}.
 *
 * <p>{@linkplain #blind Blind}, it offers one version and does not wait for the Accept: the
 * codecs for sending are installed and {@link HandshakeCompleted} fired as soon as the Initiate is
 * written, and everything the peer sends afterwards (its Accept included) is read and dropped. A
 * Cassandra 5.0.9 acceptor takes messages that follow the Initiate at once (net/InboundConnectionInitiator
 * sets up its messaging pipeline right after writing the Accept, and the bytes already read go on to it).
 * For a connection whose peer's answers may be lost on the way, the version already settled by another
 * connection to the same peer.
 */
public final class HandshakeInitiator extends TimedHandshake {
    public static final Duration DEFAULT_TIMEOUT = TimedHandshake.DEFAULT_TIMEOUT;

    private final Initiate initiate;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private final boolean blind;

    public HandshakeInitiator(Initiate initiate, DecoderLimits limits, ApplicationStateTable table, Duration timeout) {
        this(initiate, limits, table, timeout, false);
    }

    private HandshakeInitiator(Initiate initiate, DecoderLimits limits, ApplicationStateTable table, Duration timeout,
            boolean blind) {
        super(timeout);
        this.initiate = Objects.requireNonNull(initiate);
        if (!initiate.isModern()) {
            throw new IllegalArgumentException("HandshakeInitiator speaks the 4.0+ handshake; use LegacyHandshakeInitiator for "
                    + "messaging version " + initiate.requestVersion());
        }
        this.limits = Objects.requireNonNull(limits);
        this.table = table;
        this.blind = blind;
        if (blind && initiate.minVersion() != initiate.maxVersion()) {
            throw new IllegalArgumentException("a blind handshake offers exactly one version, got "
                    + initiate.minVersion() + ".." + initiate.maxVersion());
        }
    }

    /** A sending-only handshake that does not wait for the Accept (see above); {@code initiate} offers one version. */
    public static HandshakeInitiator blind(Initiate initiate) {
        return new HandshakeInitiator(initiate, DecoderLimits.DEFAULT, null, DEFAULT_TIMEOUT, true);
    }

    public HandshakeInitiator(Initiate initiate, DecoderLimits limits, ApplicationStateTable table) {
        this(initiate, limits, table, DEFAULT_TIMEOUT);
    }

    public HandshakeInitiator(Initiate initiate) {
        this(initiate, DecoderLimits.DEFAULT, null);
    }

    @Override
    String awaited() {
        return "the Accept (" + Accept.LENGTH + " bytes)";
    }

    @Override
    void started(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(encoded(ctx, initiate.serializedSize(), initiate::encode));
        if (blind) {
            finish(); // from now on whatever the peer sends is dropped here
            MessagingVersion v = MessagingVersion.of(initiate.maxVersion());
            if (!initiate.type().isStreaming()) {
                WirePipeline.installOutbound(ctx.pipeline(), ctx.name(), initiate.framing(), v);
            }
            ctx.fireUserEventTriggered(new HandshakeCompleted(initiate, Accept.modern(v.id(), v.id()), v));
        }
    }

    @Override
    void handshake(ChannelHandlerContext ctx, ByteBuf in) {
        Accept a = Accept.decode(in, false);
        if (a == null) {
            return;
        }
        if (a.legacy()) {
            throw new HandshakeVersionException("peer answered with the pre-4.0 handshake (version " + a.maxVersion() + ")",
                    a.maxVersion(), 0);
        }
        if (a.useVersion() < initiate.minVersion() || a.useVersion() > initiate.maxVersion()
                || MessagingVersion.orNull(a.useVersion()) == null) {
            throw new HandshakeVersionException("peer chose messaging version " + a.useVersion() + " (max " + a.maxVersion()
                    + "), outside the offered " + initiate.minVersion() + ".." + initiate.maxVersion(), a.maxVersion(), 4);
        }
        finish();
        MessagingVersion v = MessagingVersion.of(a.useVersion());
        if (!initiate.type().isStreaming()) {
            WirePipeline.installMessaging(ctx.pipeline(), ctx.name(), initiate.framing(), v, limits, table);
        }
        ctx.fireUserEventTriggered(new HandshakeCompleted(initiate, a, v));
        ctx.pipeline().remove(this);
    }
}
