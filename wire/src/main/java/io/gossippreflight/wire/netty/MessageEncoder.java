package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.frame.FrameFormat;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Objects;

/**
 * {@link Message}s and {@link MessageBatch}es to {@link OutboundFrame}s: a message that fits goes
 * whole into a self-contained frame (a batch shares frames); a larger one is split over
 * non-self-contained frames. With {@code largeConnection} every message is sent the large way,
 * as Cassandra does on its LARGE_MESSAGES connection.
 */
public final class MessageEncoder extends MessageToMessageEncoder<Object> {
    private final MessagingVersion version;
    private final int maxPayload;
    private final boolean largeConnection;

    public MessageEncoder(MessagingVersion version) {
        this(version, FrameFormat.MAX_PAYLOAD, false);
    }

    public MessageEncoder(MessagingVersion version, int maxPayload, boolean largeConnection) {
        this.version = Objects.requireNonNull(version);
        if (maxPayload < 1 || maxPayload > FrameFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload must be in 1.." + FrameFormat.MAX_PAYLOAD);
        }
        this.maxPayload = maxPayload;
        this.largeConnection = largeConnection;
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
                if (largeConnection || size > maxPayload) {
                    if (pending != null) {
                        out.add(new OutboundFrame(pending, true));
                        pending = null;
                    }
                    large(ctx, m, size, out);
                    continue;
                }
                if (pending != null && pending.readableBytes() + size > maxPayload) {
                    out.add(new OutboundFrame(pending, true));
                    pending = null;
                }
                if (pending == null) {
                    pending = ctx.alloc().buffer(messages.size() == 1 ? size : Math.min(maxPayload, size * 2));
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
        ByteBuf whole = ctx.alloc().buffer(size);
        try {
            MessageSerializer.serialize(m, whole, version);
            while (whole.isReadable()) {
                out.add(new OutboundFrame(whole.readRetainedSlice(Math.min(maxPayload, whole.readableBytes())), false));
            }
        } finally {
            whole.release();
        }
    }
}
