package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Connecting side of the 4.0+ handshake: sends the Initiate when the channel becomes active,
 * waits for the 12-byte Accept, checks the chosen version is one it offered, then replaces
 * itself with the frame and message codecs and fires {@link HandshakeCompleted}. A pre-4.0 answer,
 * a bad CRC or an unoffered version closes the channel with a {@link WireFormatException}.
 * Timeouts are the caller's (e.g. a ReadTimeoutHandler before this one).
 */
public final class HandshakeInitiator extends ByteToMessageDecoder {
    private final Initiate initiate;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private boolean done;

    public HandshakeInitiator(Initiate initiate, DecoderLimits limits, ApplicationStateTable table) {
        this.initiate = Objects.requireNonNull(initiate);
        if (!initiate.isModern()) {
            throw new IllegalArgumentException("only the 4.0+ handshake is initiated");
        }
        this.limits = Objects.requireNonNull(limits);
        this.table = table;
    }

    public HandshakeInitiator(Initiate initiate) {
        this(initiate, DecoderLimits.DEFAULT, null);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        ByteBuf b = ctx.alloc().buffer(initiate.serializedSize());
        initiate.encode(b);
        ctx.writeAndFlush(b);
        super.channelActive(ctx);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            return;
        }
        Accept a;
        try {
            a = Accept.decode(in, false);
            if (a == null) {
                return;
            }
            if (a.legacy()) {
                throw new WireFormatException("peer answered with the pre-4.0 handshake (version " + a.maxVersion() + ")", 0);
            }
            if (a.useVersion() < initiate.minVersion() || a.useVersion() > initiate.maxVersion()
                    || MessagingVersion.orNull(a.useVersion()) == null) {
                throw new WireFormatException("peer chose messaging version " + a.useVersion() + " (max " + a.maxVersion()
                        + "), outside the offered " + initiate.minVersion() + ".." + initiate.maxVersion(), 4);
            }
        } catch (WireFormatException e) {
            done = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
        done = true;
        MessagingVersion v = MessagingVersion.of(a.useVersion());
        if (!initiate.type().isStreaming()) {
            WirePipeline.installMessaging(ctx.pipeline(), ctx.name(), initiate.framing(), v, limits, table);
        }
        ctx.fireUserEventTriggered(new HandshakeCompleted(initiate, a, v));
        ctx.pipeline().remove(this);
    }
}
