package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.frame.FrameFormat;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.util.List;
import java.util.Objects;

/** {@link OutboundFrame}s to framed bytes in the connection's format. */
public final class FrameEncoder extends MessageToMessageEncoder<OutboundFrame> {
    private final FrameFormat format;

    public FrameEncoder(FrameFormat format) {
        super(OutboundFrame.class);
        this.format = Objects.requireNonNull(format);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, OutboundFrame frame, List<Object> out) {
        out.add(format.encode(frame.payload(), frame.isSelfContained(), ctx.alloc()));
    }
}
