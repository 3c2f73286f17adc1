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
 * message limit first). The header must fit the first frame (Cassandra 5.0.9 reads it from there
 * too, InboundMessageHandler.processFirstFrameOfLargeMessage); the whole size is then reserved
 * from the {@link ReceiveBudget} and allocated once. Payloads are decoded strictly; anything
 * malformed closes the channel with a {@link WireFormatException}, a message over the budget with
 * a {@link ReceiveLimitException}.
 */
public final class MessageDecoder extends MessageToMessageDecoder<Frame> {
    private enum State { IDLE, LARGE, FAILED }

    private final MessagingVersion version;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private final ReceiveBudget budget;
    private State state = State.IDLE;
    private ByteBuf large;
    private int largeSize = -1;
    private long reserved;

    public MessageDecoder(MessagingVersion version, DecoderLimits limits, ApplicationStateTable table, ReceiveBudget budget) {
        super(Frame.class);
        this.version = Objects.requireNonNull(version);
        this.limits = Objects.requireNonNull(limits);
        this.table = table != null ? table : ApplicationStateTable.defaultFor(version);
        this.budget = Objects.requireNonNull(budget);
    }

    public MessageDecoder(MessagingVersion version, DecoderLimits limits, ApplicationStateTable table) {
        this(version, limits, table, ReceiveBudget.UNLIMITED);
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
        } catch (WireFormatException | ReceiveLimitException e) {
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
            int size = MessageSerializer.inferMessageSize(p, p.readerIndex(), p.writerIndex(), limits);
            if (size < 0) {
                throw new WireFormatException("the header of a large message does not fit its first frame ("
                        + p.readableBytes() + " bytes)");
            }
            if (p.readableBytes() > size) {
                throw new WireFormatException("frames carry more than the " + size + "-byte message they belong to");
            }
            budget.reserve(size);
            reserved = size;
            large = ctx.alloc().heapBuffer(size, size);
            largeSize = size;
            state = State.LARGE;
        } else if (large.readableBytes() + p.readableBytes() > largeSize) {
            throw new WireFormatException("frames carry more than the " + largeSize + "-byte message they belong to");
        }
        large.writeBytes(p);
        if (large.readableBytes() == largeSize) {
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
        if (reserved > 0) {
            budget.release(reserved);
            reserved = 0;
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
