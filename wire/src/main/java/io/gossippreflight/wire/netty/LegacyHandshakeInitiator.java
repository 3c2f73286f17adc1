package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Connecting side of the pre-4.0 (3.0/3.11) handshake, as Cassandra 3.11.19
 * net/OutboundTcpConnection.connect does it: on connect, the preamble (magic, version << 8, 4 if
 * compressed); then the acceptor's 4-byte messaging version. An answer below the requested version
 * closes the channel with a {@link HandshakeVersionException} naming it (3.x reconnects with that
 * version; the third message is not sent). Otherwise — a 4.0/4.1 acceptor answers 12 — the
 * ConfirmOutboundPre40 (requested version, address without port) goes out, the unframed pre-4.0
 * message encoder (behind an LZ4Block encoder when compressed) is installed and
 * {@link HandshakeCompleted} fires: write {@link io.gossippreflight.wire.message.LegacyMessage}s.
 * The connection is one-way; anything the acceptor sends later reaches the next handler as bytes.
 */
public final class LegacyHandshakeInitiator extends TimedHandshake {
    public static final Duration DEFAULT_TIMEOUT = TimedHandshake.DEFAULT_TIMEOUT;

    private final Initiate initiate;
    private final MessagingVersion version;
    private final InetAddressAndPort from;

    /**
     * @param version    10 or 11: the version requested, written in the messages and confirmed
     * @param compressed whether the message stream is LZ4Block-compressed
     * @param from       this node's address, sent in the confirmation and in every message
     */
    public LegacyHandshakeInitiator(MessagingVersion version, boolean compressed, InetAddressAndPort from, Duration timeout) {
        super(timeout);
        this.version = Objects.requireNonNull(version);
        if (version.isModern()) {
            throw new IllegalArgumentException("LegacyHandshakeInitiator speaks messaging versions 10 and 11, got " + version.id());
        }
        this.from = Objects.requireNonNull(from, "from");
        this.initiate = Initiate.legacy(version, compressed, false);
    }

    public LegacyHandshakeInitiator(MessagingVersion version, boolean compressed, InetAddressAndPort from) {
        this(version, compressed, from, DEFAULT_TIMEOUT);
    }

    public Initiate initiate() {
        return initiate;
    }

    @Override
    String awaited() {
        return "the acceptor's messaging version (" + Accept.LEGACY_LENGTH + " bytes)";
    }

    @Override
    void started(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(encoded(ctx, initiate.serializedSize(), initiate::encode));
    }

    @Override
    void handshake(ChannelHandlerContext ctx, ByteBuf in) {
        Accept a = Accept.decode(in, true);
        if (a == null) {
            return;
        }
        if (a.maxVersion() < version.id()) {
            throw new HandshakeVersionException("peer answered messaging version " + a.maxVersion() + ", below the requested "
                    + version.id() + " (reconnect requesting " + a.maxVersion() + ")", a.maxVersion(), 0);
        }
        finish();
        ConfirmOutboundPre40 confirm = new ConfirmOutboundPre40(version.id(), from);
        ctx.writeAndFlush(encoded(ctx, confirm.serializedSize(), confirm::encode));
        boolean compressed = initiate.framing() == io.gossippreflight.wire.handshake.Framing.LZ4;
        WirePipeline.installLegacyOutbound(ctx.pipeline(), ctx.name(), compressed, version);
        ctx.fireUserEventTriggered(new HandshakeCompleted(initiate, a, version, confirm));
        ctx.pipeline().remove(this);
    }
}
