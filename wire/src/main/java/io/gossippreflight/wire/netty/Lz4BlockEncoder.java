package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes to an LZ4Block stream the way a 3.x node's LZ4BlockOutputStream (16 KiB blocks, sync
 * flush; Cassandra 3.11.19 net/OutboundTcpConnection.java) produces it: writes fill a 16 KiB
 * block, a full block goes out at once, and a flush sends what is buffered as a shorter block. So
 * messages written between flushes share blocks. A write's promise completes with the block that
 * holds its last byte. No end-of-stream block is written (a 3.x node closes the socket without one).
 */
public final class Lz4BlockEncoder extends ChannelOutboundHandlerAdapter {
    private final byte[] block = new byte[Lz4BlockFormat.DEFAULT_BLOCK_SIZE];
    private int fill;
    /** Promises of writes whose last byte is still in {@code block}. */
    private final List<ChannelPromise> waiting = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        ChannelFuture emitted = null;
        try {
            while (buf.isReadable()) {
                int n = Math.min(buf.readableBytes(), block.length - fill);
                buf.readBytes(block, fill, n);
                fill += n;
                if (fill == block.length) {
                    emitted = emit(ctx);
                }
            }
        } finally {
            buf.release();
        }
        if (fill > 0) {
            if (!promise.isVoid()) {
                waiting.add(promise);
            }
        } else if (emitted != null) {
            cascade(emitted, promise);
        } else {
            promise.trySuccess();
        }
    }

    private ChannelFuture emit(ChannelHandlerContext ctx) {
        ByteBuf out = ctx.alloc().buffer(Lz4BlockFormat.HEADER_LENGTH + fill + fill / 255 + 16);
        Lz4BlockFormat.encodeBlock(block, 0, fill, out);
        fill = 0;
        ChannelPromise p = ctx.newPromise();
        ctx.write(out, p);
        for (ChannelPromise w : waiting) {
            cascade(p, w);
        }
        waiting.clear();
        return p;
    }

    private static void cascade(ChannelFuture from, ChannelPromise to) {
        if (to.isVoid()) {
            return;
        }
        from.addListener(f -> {
            if (f.isSuccess()) {
                to.trySuccess();
            } else {
                to.tryFailure(f.cause());
            }
        });
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (fill > 0) {
            emit(ctx);
        }
        ctx.flush();
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (fill > 0) {
            emit(ctx);
            ctx.flush();
        }
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        fill = 0;
        for (ChannelPromise w : waiting) {
            w.tryFailure(new ClosedChannelException());
        }
        waiting.clear();
    }
}
