package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Accepting side of the 4.0+ handshake: reads the Initiate (at most 31 bytes), answers with
 * Accept(max, use = max(min, min(max, peer max))) as Cassandra 5.0.9
 * net/InboundConnectionInitiator.java does, and unless the version ranges do not meet installs
 * the frame and message codecs for the framing the peer asked for, then fires
 * {@link HandshakeCompleted}. Pre-4.0 peers, bad magic or CRC close the channel.
 */
public final class HandshakeAcceptor extends ByteToMessageDecoder {
    private final MessagingVersion min;
    private final MessagingVersion max;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private boolean done;

    public HandshakeAcceptor(MessagingVersion min, MessagingVersion max, DecoderLimits limits, ApplicationStateTable table) {
        this.min = Objects.requireNonNull(min);
        this.max = Objects.requireNonNull(max);
        if (!min.isModern() || min.id() > max.id()) {
            throw new IllegalArgumentException("accepts a 4.0+ version range, got " + min.id() + ".." + max.id());
        }
        this.limits = Objects.requireNonNull(limits);
        this.table = table;
    }

    public HandshakeAcceptor() {
        this(MessagingVersion.V12, MessagingVersion.V12, DecoderLimits.DEFAULT, null);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (done) {
            return;
        }
        Initiate i;
        try {
            i = Initiate.decode(in);
            if (i == null) {
                return;
            }
            if (!i.isModern()) {
                throw new WireFormatException("peer speaks the pre-4.0 protocol (version " + i.requestVersion() + ")", 4);
            }
        } catch (WireFormatException e) {
            done = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
        done = true;
        int use = Math.max(min.id(), Math.min(max.id(), i.maxVersion()));
        Accept a = Accept.modern(max.id(), use);
        ByteBuf b = ctx.alloc().buffer(Accept.LENGTH);
        a.encode(b);
        if (i.minVersion() > max.id() || i.maxVersion() < min.id()) {
            ctx.writeAndFlush(b).addListener(ChannelFutureListener.CLOSE);
            in.skipBytes(in.readableBytes());
            ctx.fireExceptionCaught(new WireFormatException("peer offers messaging versions " + i.minVersion() + ".."
                    + i.maxVersion() + ", this side " + min.id() + ".." + max.id(), 4));
            return;
        }
        ctx.writeAndFlush(b);
        MessagingVersion v = MessagingVersion.of(use);
        if (!i.type().isStreaming()) {
            WirePipeline.installMessaging(ctx.pipeline(), ctx.name(), i.framing(), v, limits, table);
        }
        ctx.fireUserEventTriggered(new HandshakeCompleted(i, a, v));
        ctx.pipeline().remove(this);
    }
}
