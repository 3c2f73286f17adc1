package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import java.util.Objects;

/** {@link LegacyMessage}s to the pre-4.0 unframed stream: each message's bytes, back to back, no frame. */
public final class LegacyMessageEncoder extends MessageToByteEncoder<LegacyMessage> {
    private final MessagingVersion version;

    public LegacyMessageEncoder(MessagingVersion version) {
        super(LegacyMessage.class);
        this.version = Objects.requireNonNull(version);
        if (version.isModern()) {
            throw new IllegalArgumentException("messaging version " + version.id() + " is framed; use MessageEncoder");
        }
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, LegacyMessage msg, boolean preferDirect) {
        int size = LegacyMessageSerializer.serializedSize(msg, version);
        return preferDirect ? ctx.alloc().ioBuffer(size) : ctx.alloc().heapBuffer(size);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, LegacyMessage msg, ByteBuf out) {
        LegacyMessageSerializer.serialize(msg, out, version);
    }
}
