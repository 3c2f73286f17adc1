package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.frame.Frame;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * {@link Frame}s to {@link io.gossippreflight.wire.message.Message}s. A state machine: IDLE reads
 * the whole messages of self-contained frames; a non-self-contained frame starts LARGE, which
 * collects frame bodies only up to the size the message header announced (checked against the
 * message limit first). Payloads are decoded strictly; anything malformed closes the channel with
 * a {@link WireFormatException}.
 */
public final class MessageDecoder extends MessageToMessageDecoder<Frame> {
    private enum State { IDLE, LARGE, FAILED }

    private final MessagingVersion version;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private State state = State.IDLE;
    private ByteBuf large;
    private int largeSize = -1;

    public MessageDecoder(MessagingVersion version, DecoderLimits limits, ApplicationStateTable table) {
        super(Frame.class);
        this.version = Objects.requireNonNull(version);
        this.limits = Objects.requireNonNull(limits);
        this.table = table != null ? table : ApplicationStateTable.defaultFor(version);
    }

    public MessageDecoder(MessagingVersion version) {
        this(version, DecoderLimits.DEFAULT, null);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, Frame frame, List<Object> out) {
        if (state == State.FAILED) {
            return;
        }
        try {
            if (frame.isSelfContained()) {
                if (state == State.LARGE) {
                    throw new WireFormatException("self-contained frame inside a large message (" + large.readableBytes()
                            + " of " + largeSize + " bytes)");
                }
                contained(frame.payload(), out);
            } else {
                part(ctx, frame.payload(), out);
            }
        } catch (WireFormatException e) {
            state = State.FAILED;
            releaseLarge();
            ctx.close();
            throw e;
        }
    }

    private void contained(ByteBuf p, List<Object> out) {
        while (p.isReadable()) {
            int start = p.readerIndex();
            int size = MessageSerializer.inferMessageSize(p, start, p.writerIndex(), limits);
            if (size < 0 || size > p.readableBytes()) {
                throw new WireFormatException("message crosses the end of a self-contained frame");
            }
            out.add(MessageSerializer.deserialize(WireInput.of(p.slice(start, size), limits, table), version));
            p.readerIndex(start + size);
        }
    }

    private void part(ChannelHandlerContext ctx, ByteBuf p, List<Object> out) {
        if (state == State.IDLE) {
            large = ctx.alloc().heapBuffer(p.readableBytes());
            largeSize = -1;
            state = State.LARGE;
        }
        if (largeSize >= 0 && large.readableBytes() + p.readableBytes() > largeSize) {
            throw new WireFormatException("frames carry more than the " + largeSize + "-byte message they belong to");
        }
        if (largeSize < 0 && (long) large.readableBytes() + p.readableBytes() > limits.maxMessageSize()) {
            throw new WireFormatException("message header not complete within the message limit of " + limits.maxMessageSize());
        }
        large.writeBytes(p);
        if (largeSize < 0) {
            largeSize = MessageSerializer.inferMessageSize(large, large.readerIndex(), large.writerIndex(), limits);
            if (largeSize >= 0 && large.readableBytes() > largeSize) {
                throw new WireFormatException("frames carry more than the " + largeSize + "-byte message they belong to");
            }
        }
        if (largeSize >= 0 && large.readableBytes() == largeSize) {
            try {
                out.add(MessageSerializer.deserialize(WireInput.of(large, limits, table), version));
            } finally {
                releaseLarge();
                state = State.IDLE;
            }
        }
    }

    private void releaseLarge() {
        if (large != null) {
            large.release();
            large = null;
        }
        largeSize = -1;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseLarge();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseLarge();
        super.channelInactive(ctx);
    }
}
