package io.gossippreflight.wire.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.ArrayList;
import java.util.List;

/** Test helper: records user events and exceptions (so an EmbeddedChannel does not rethrow them). */
final class Recorder extends ChannelInboundHandlerAdapter {
    final List<Object> events = new ArrayList<>();
    final List<Throwable> errors = new ArrayList<>();

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        events.add(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        errors.add(cause);
    }

    HandshakeCompleted completed() {
        return events.size() == 1 && events.get(0) instanceof HandshakeCompleted hc ? hc : null;
    }

    /** The one error recorded, unwrapped from Netty's DecoderException. */
    Throwable error() {
        if (errors.size() != 1) {
            throw new AssertionError("expected one error, got " + errors);
        }
        Throwable t = errors.get(0);
        return t instanceof io.netty.handler.codec.DecoderException && t.getCause() != null ? t.getCause() : t;
    }
}
