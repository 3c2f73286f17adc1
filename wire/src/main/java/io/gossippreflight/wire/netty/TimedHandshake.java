package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.WireFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What the handshake handlers share: a bounded wait for the peer (one timer from the moment the
 * channel is active to the end of the handshake, as Cassandra 4.1.10
 * net/InboundConnectionInitiator.java keeps one), and the rule that a failed or finished handshake
 * reads nothing more. A timeout fires a {@link HandshakeTimeoutException} and closes the channel.
 */
abstract class TimedHandshake extends ByteToMessageDecoder {
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;
    private ScheduledFuture<?> timer;
    private boolean started;
    private boolean finished;

    TimedHandshake(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("handshake timeout must be positive, got " + timeout);
        }
        this.timeout = timeout;
    }

    /** How long the whole handshake may take once the channel is active. */
    public Duration timeout() {
        return timeout;
    }

    /** The step this side waits for now, as the timeout names it. */
    abstract String awaited();

    /** Called once when the channel is active: the initiator sends its first message here. */
    void started(ChannelHandlerContext ctx) {
    }

    /** Reads the next handshake step from {@code in}; returns when more bytes are needed. */
    abstract void handshake(ChannelHandlerContext ctx, ByteBuf in);

    /** One handshake message in a buffer of its exact size, ready to write. */
    static ByteBuf encoded(ChannelHandlerContext ctx, int size, Consumer<ByteBuf> encoder) {
        ByteBuf b = ctx.alloc().buffer(size);
        encoder.accept(b);
        return b;
    }

    /** The peer as the timeout names it. */
    String peer(ChannelHandlerContext ctx) {
        return String.valueOf(ctx.channel().remoteAddress());
    }

    final boolean isFinished() {
        return finished;
    }

    /** The handshake ended (either way): stop the timer and read nothing more. */
    final void finish() {
        finished = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) throws Exception {
        super.handlerAdded(ctx);
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (started) {
            return;
        }
        started = true;
        timer = ctx.executor().schedule(() -> timedOut(ctx), timeout.toNanos(), TimeUnit.NANOSECONDS);
        started(ctx);
    }

    private void timedOut(ChannelHandlerContext ctx) {
        if (finished) {
            return;
        }
        int got = internalBuffer().readableBytes();
        finish();
        ctx.fireExceptionCaught(new HandshakeTimeoutException(peer(ctx), awaited(), timeout, got));
        ctx.close();
    }

    @Override
    protected final void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (finished) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            handshake(ctx, in);
        } catch (WireFormatException e) {
            finish();
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        finish(); // a half-read step left at close is not a handshake
        super.channelInactive(ctx);
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
