package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.frame.FramingPolicy;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Objects;

/**
 * {@link Message}s and {@link MessageBatch}es to {@link OutboundFrame}s following a
 * {@link FramingPolicy} (Cassandra's by default): a message up to the large threshold goes whole
 * into a self-contained frame (a batch shares frames up to 128 KiB); a larger one is split over
 * non-self-contained frames, at least two, with its header in the first.
 */
public final class MessageEncoder extends MessageToMessageEncoder<Object> {
    private final MessagingVersion version;
    private final FramingPolicy policy;

    public MessageEncoder(MessagingVersion version) {
        this(version, FramingPolicy.CASSANDRA);
    }

    public MessageEncoder(MessagingVersion version, FramingPolicy policy) {
        this.version = Objects.requireNonNull(version);
        this.policy = Objects.requireNonNull(policy);
    }

    @Override
    public boolean acceptOutboundMessage(Object msg) {
        return msg instanceof Message || msg instanceof MessageBatch;
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
        List<Message> messages = msg instanceof Message m ? List.of(m) : ((MessageBatch) msg).messages();
        ByteBuf pending = null;
        try {
            for (Message m : messages) {
                int size = MessageSerializer.serializedSize(m, version);
                if (policy.isLarge(size)) {
                    if (pending != null) {
                        out.add(new OutboundFrame(pending, true));
                        pending = null;
                    }
                    large(ctx, m, size, out);
                    continue;
                }
                if (pending != null && pending.readableBytes() + size > FrameFormat.MAX_PAYLOAD) {
                    out.add(new OutboundFrame(pending, true));
                    pending = null;
                }
                if (pending == null) {
                    pending = ctx.alloc().buffer(messages.size() == 1 ? size : Math.min(FrameFormat.MAX_PAYLOAD, size * 2));
                }
                MessageSerializer.serialize(m, pending, version);
            }
            if (pending != null) {
                out.add(new OutboundFrame(pending, true));
                pending = null;
            }
        } finally {
            if (pending != null) {
                pending.release();
            }
        }
    }

    private void large(ChannelHandlerContext ctx, Message m, int size, List<Object> out) {
        policy.checkLarge(m, version);
        ByteBuf whole = ctx.alloc().buffer(size);
        try {
            MessageSerializer.serialize(m, whole, version);
            while (whole.isReadable()) {
                out.add(new OutboundFrame(whole.readRetainedSlice(Math.min(policy.largeFramePayload(), whole.readableBytes())), false));
            }
        } finally {
            whole.release();
        }
    }
}
