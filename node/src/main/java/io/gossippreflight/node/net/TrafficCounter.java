package io.gossippreflight.node.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the bytes of every internode connection as the socket sees them (framing, handshakes
 * and streaming included): installed first in each pipeline, it sees inbound bytes before any
 * decoder and outbound bytes after every encoder. One instance is shared by all connections.
 */
@ChannelHandler.Sharable
final class TrafficCounter extends ChannelDuplexHandler {
    final LongAdder bytesIn = new LongAdder();
    final LongAdder bytesOut = new LongAdder();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        bytesIn.add(size(msg));
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        bytesOut.add(size(msg));
        super.write(ctx, msg, promise);
    }

    private static long size(Object msg) {
        if (msg instanceof ByteBuf b) {
            return b.readableBytes();
        }
        return msg instanceof ByteBufHolder h ? h.content().readableBytes() : 0;
    }
}
