package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.Objects;

/**
 * Accepting side of the handshake, for a version range {@code min..max}.
 * <ul>
 * <li>A 4.0+ Initiate is answered with Accept(max, use = max(min, min(max, peer max))) as Cassandra
 * 5.0.9 net/InboundConnectionInitiator.java does; unless the ranges do not meet, the frame and
 * message codecs for the framing the peer asked for are installed.</li>
 * <li>A pre-4.0 preamble is answered, when {@code min} is 10 or 11, with the 4-byte {@code max}
 * (Cassandra 4.1.10 Accept.respondPre40 when {@code max} is 12+, 3.11.19 IncomingTcpConnection
 * when it is 10 or 11); then the initiator's ConfirmOutboundPre40 is read and the unframed
 * pre-4.0 message decoder (LZ4Block when the preamble says compressed) is installed at the
 * version the initiator requested. With {@code min} 12+ a pre-4.0 peer is closed unanswered, as
 * 5.0 does. A requested version outside the range is answered, then closed.</li>
 * <li>A 3.x acceptor ({@code max} 10 or 11) answers a 4.0+ Initiate with its 4-byte version and
 * closes, as 3.11.19 does, so a 4.0+ initiator can retry with the pre-4.0 handshake.</li>
 * </ul>
 * Then {@link HandshakeCompleted} is fired. Version mismatches fire a
 * {@link HandshakeVersionException}, bad magic or CRC a {@link WireFormatException}, silence
 * beyond the timeout (default 10 s) a {@link HandshakeTimeoutException}; each closes the channel.
 * A pre-4.0 connection is one-way: nothing is installed to write on it.
 */
public final class HandshakeAcceptor extends TimedHandshake {
    public static final Duration DEFAULT_TIMEOUT = TimedHandshake.DEFAULT_TIMEOUT;

    private final MessagingVersion min;
    private final MessagingVersion max;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private ReceiveBudget budget = ReceiveBudget.UNLIMITED;
    private java.util.function.Function<Initiate, String> admission = i -> null;
    private Initiate initiate;
    private Accept answer;

    public HandshakeAcceptor(MessagingVersion min, MessagingVersion max, DecoderLimits limits, ApplicationStateTable table,
                             Duration timeout) {
        super(timeout);
        this.min = Objects.requireNonNull(min);
        this.max = Objects.requireNonNull(max);
        if (min.id() > max.id()) {
            throw new IllegalArgumentException("empty version range " + min.id() + ".." + max.id());
        }
        this.limits = Objects.requireNonNull(limits);
        this.table = table;
    }

    public HandshakeAcceptor(MessagingVersion min, MessagingVersion max, DecoderLimits limits, ApplicationStateTable table) {
        this(min, max, limits, table, DEFAULT_TIMEOUT);
    }

    public HandshakeAcceptor() {
        this(MessagingVersion.V12, MessagingVersion.V12, DecoderLimits.DEFAULT, null);
    }

    /** Incomplete large messages on this connection are held within {@code b} (4.0+ framing; before the handshake ends). */
    public HandshakeAcceptor withBudget(ReceiveBudget b) {
        this.budget = Objects.requireNonNull(b);
        return this;
    }

    /**
     * Checks every 4.0+ Initiate before it is answered: a non-null reason closes the channel
     * unanswered with a {@link HandshakeRefusedException} (the caller knows what the channel is, e.g. plain or TLS).
     */
    public HandshakeAcceptor withAdmission(java.util.function.Function<Initiate, String> refuse) {
        this.admission = Objects.requireNonNull(refuse);
        return this;
    }

    @Override
    String awaited() {
        return initiate == null ? "the Initiate (8 to " + Initiate.MAX_LENGTH + " bytes)"
                : "the pre-4.0 ConfirmOutboundPre40 (version and address, 9 or 21 bytes)";
    }

    @Override
    String peer(ChannelHandlerContext ctx) {
        String remote = super.peer(ctx);
        return initiate != null && initiate.from() != null ? remote + " (advertising " + initiate.from() + ")" : remote;
    }

    @Override
    void handshake(ChannelHandlerContext ctx, ByteBuf in) {
        if (initiate == null) {
            Initiate i = Initiate.decode(in);
            if (i == null) {
                return;
            }
            initiate = i;
            if (i.isModern()) {
                modern(ctx, in, i);
                return;
            }
            pre40(ctx, in, i);
            if (isFinished()) {
                return;
            }
        }
        ConfirmOutboundPre40 c = ConfirmOutboundPre40.decode(in);
        if (c == null) {
            return;
        }
        finish();
        MessagingVersion v = MessagingVersion.of(initiate.requestVersion());
        WirePipeline.installLegacyInbound(ctx.pipeline(), ctx.name(), initiate.framing() == Framing.LZ4, v, limits, table);
        ctx.fireUserEventTriggered(new HandshakeCompleted(initiate, answer, v, c));
        ctx.pipeline().remove(this);
    }

    private void modern(ChannelHandlerContext ctx, ByteBuf in, Initiate i) {
        String refused = admission.apply(i);
        if (refused != null) {
            finish();
            in.skipBytes(in.readableBytes());
            ctx.close();
            ctx.fireExceptionCaught(new HandshakeRefusedException(refused));
            return;
        }
        if (!max.isModern()) {
            answerAndClose(ctx, in, Accept.legacy(max.id()), new HandshakeVersionException("peer requested messaging version "
                    + i.requestVersion() + " (4.0+ handshake); this side speaks up to " + max.id() + " and answered so",
                    i.maxVersion(), 4));
            return;
        }
        int use = Math.max(min.id(), Math.min(max.id(), i.maxVersion()));
        Accept a = Accept.modern(max.id(), use);
        if (i.minVersion() > max.id() || i.maxVersion() < min.id()) {
            answerAndClose(ctx, in, a, new HandshakeVersionException("peer offers messaging versions " + i.minVersion() + ".."
                    + i.maxVersion() + ", this side " + min.id() + ".." + max.id(), i.maxVersion(), 4));
            return;
        }
        finish();
        ctx.writeAndFlush(encode(ctx, a));
        MessagingVersion v = MessagingVersion.of(use);
        if (!i.type().isStreaming()) {
            WirePipeline.installMessaging(ctx.pipeline(), ctx.name(), i.framing(), v, limits, table, budget);
        }
        ctx.fireUserEventTriggered(new HandshakeCompleted(i, a, v));
        ctx.pipeline().remove(this);
    }

    /** Answers a pre-4.0 preamble, or closes when this side or the request rules it out. */
    private void pre40(ChannelHandlerContext ctx, ByteBuf in, Initiate i) {
        int requested = i.requestVersion();
        if (min.isModern()) {
            throw new HandshakeVersionException("peer speaks the pre-4.0 protocol (version " + requested + ")", requested, 4);
        }
        if (i.type().isStreaming()) {
            throw new WireFormatException("pre-4.0 streaming connection (version " + requested + ") is not supported", 4);
        }
        answer = Accept.legacy(max.id());
        if (requested > max.id() || requested < min.id()) {
            answerAndClose(ctx, in, answer, new HandshakeVersionException("peer requested messaging version " + requested
                    + ", this side accepts " + min.id() + ".." + max.id() + " (answered " + max.id() + ")", requested, 4));
            return;
        }
        if (requested >= 12) {
            // flags asking for 4.0+ without a 4.0+ version range: no pre-4.0 stream to read (4.1.10 asserts this away)
            throw new HandshakeVersionException("pre-4.0 preamble requesting messaging version " + requested
                    + ", which only the 4.0+ Initiate can open", requested, 4);
        }
        ctx.writeAndFlush(encode(ctx, answer));
    }

    private void answerAndClose(ChannelHandlerContext ctx, ByteBuf in, Accept a, HandshakeVersionException why) {
        finish();
        ctx.writeAndFlush(encode(ctx, a)).addListener(ChannelFutureListener.CLOSE);
        in.skipBytes(in.readableBytes());
        ctx.fireExceptionCaught(why);
    }

    private static ByteBuf encode(ChannelHandlerContext ctx, Accept a) {
        return encoded(ctx, a.serializedSize(), a::encode);
    }
}
