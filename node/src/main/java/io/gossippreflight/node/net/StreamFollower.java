package io.gossippreflight.node.net;

import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.StreamMessages.Control;
import io.gossippreflight.node.net.StreamMessages.Init;
import io.gossippreflight.node.net.StreamMessages.PrepareSyn;
import io.gossippreflight.node.net.StreamMessages.StreamMessage;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The follower's side of a Cassandra streaming session (5.0.9 streaming/StreamSession) for a
 * node that holds no data: to a session that asks for our ranges (a Cassandra node bootstrapping
 * beside us) it answers "nothing to send" and COMPLETE, so the bootstrap finishes; a session that
 * would send us files (decommission, repair) is refused with SESSION_FAILED at once instead of
 * hanging. As in Cassandra, the initiator closes a completed session; we close a failed one.
 */
public final class StreamFollower extends ByteToMessageDecoder {
    private final InetAddressAndPort peer;
    private final NodeLog log;
    private Init init;
    private boolean done;

    public StreamFollower(InetAddressAndPort peer, NodeLog log) {
        this.peer = peer;
        this.log = log;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (!done && in.isReadable()) {
            StreamMessage m;
            try {
                m = StreamMessages.decode(in);
            } catch (StreamMessages.StreamFormatException e) {
                fail(ctx, "unreadable streaming message (" + e.getMessage() + ")");
                break;
            }
            if (m == null) {
                if (in.readableBytes() > StreamMessages.MAX_MESSAGE_BYTES) {
                    fail(ctx, "a streaming message longer than " + StreamMessages.MAX_MESSAGE_BYTES + " bytes");
                }
                return;
            }
            handle(ctx, m);
        }
        if (done) {
            in.skipBytes(in.readableBytes());
        }
    }

    private void handle(ChannelHandlerContext ctx, StreamMessage m) {
        if (init == null && !(m instanceof Init)) {
            fail(ctx, "streaming message type " + m.type() + " before STREAM_INIT");
            return;
        }
        if (m instanceof Init i) {
            if (init != null) {
                fail(ctx, "a second STREAM_INIT");
                return;
            }
            init = i;
            log.debug("Stream session " + i.planId() + " (" + i.operation() + ") from " + i.from() + " over " + peer);
        } else if (m instanceof PrepareSyn syn) {
            prepare(ctx, syn);
        } else if (m instanceof StreamMessages.Stream) {
            fail(ctx, "file data sent to a node that stores none");
        } else if (m instanceof Control c && c.type() == StreamMessages.SESSION_FAILED) {
            log.info("Stream session " + init.planId() + " (" + init.operation() + ") with " + init.from()
                    + " failed at its end");
            done = true;
            ctx.close();
        } else {
            log.debug("Stream session " + init.planId() + ": ignoring message type " + m.type());
        }
    }

    private void prepare(ChannelHandlerContext ctx, PrepareSyn syn) {
        if (syn.files() > 0) {
            fail(ctx, init.operation() + " would send us " + syn.files() + " files; this node stores no data");
            return;
        }
        String asked = syn.requests().stream()
                .map(r -> r.keyspace() + " (" + (r.fullRanges() + r.transientRanges()) + " ranges)")
                .collect(Collectors.joining(", "));
        log.info("Stream session " + init.planId() + " (" + init.operation() + ") from " + init.from() + " asks for "
                + (asked.isEmpty() ? "nothing" : asked) + ": this node stores no data, answering 0 files");
        ctx.write(StreamMessages.nothingToSend(ctx.alloc()));
        if (init.previewKind() == 0) {
            // a preview (repair preview) session ends with the SYNACK; a real one with our COMPLETE
            ctx.write(StreamMessages.control(ctx.alloc(), StreamMessages.COMPLETE));
        }
        ctx.flush();
        done = true;
    }

    private void fail(ChannelHandlerContext ctx, String why) {
        String session = init == null ? "" : " " + init.planId() + " (" + init.operation() + ")";
        log.warn("Refusing stream session" + session + " from " + peer + ": " + why);
        done = true;
        ctx.writeAndFlush(StreamMessages.control(ctx.alloc(), StreamMessages.SESSION_FAILED))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("Closing streaming connection from " + peer + ": " + cause.getMessage());
        ctx.close();
    }
}
