package io.gossippreflight.node.net;

import io.gossippreflight.probe.net.tls.TlsFailure;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.netty.HandshakeCompleted;
import io.gossippreflight.wire.netty.HandshakeInitiator;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One outbound internode connection to one peer, of one type: connected on first use, messages
 * queued (bounded) until the handshake completes, dropped when the connection fails — gossip
 * re-sends its state every round anyway. The next send after a failure reconnects.
 */
final class Outbound {
    /** Linux IPPROTO_TCP / TCP_MAXSEG (netinet/tcp.h), set through Netty's raw epoll socket option. */
    static final IntegerUnixChannelOption TCP_MAXSEG = new IntegerUnixChannelOption("TCP_MAXSEG", 6, 2);

    private final NettyTransport t;
    private final InetAddressAndPort peer;
    private final ConnectionType type;
    private final Deque<Message> pending = new ArrayDeque<>();
    private Channel channel;
    private boolean ready;
    private boolean failedLogged;
    private boolean encrypted;
    private long dropped;
    /** The last message handed to the channel (null: none yet, or written with nothing to wait for). */
    private ChannelFuture lastWrite;
    /** Completes once the messages queued behind the opening connection are written, or dropped. */
    private java.util.concurrent.CompletableFuture<Void> drained;

    Outbound(NettyTransport t, InetAddressAndPort peer, ConnectionType type) {
        this.t = t;
        this.peer = peer;
        this.type = type;
    }

    synchronized void send(Message m) {
        if (ready && channel != null && channel.isActive()) {
            // a failed write fires exceptionCaught, as a void promise would: the connection is failed and closed
            lastWrite = channel.writeAndFlush(m).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
            return;
        }
        if (pending.size() >= t.options().maxPendingPerConnection()) {
            dropped++;
            return;
        }
        pending.add(m);
        if (channel == null) {
            connect();
        }
    }

    private void connect() {
        NettyTransport.PeerSettings ps = t.settingsFor(peer);
        Security sec = t.security();
        Security.Placement where = sec.placements().apply(peer);
        // Cassandra 5.0.9 OutboundConnectionSettings.withDefaults: framing and TLS fixed per connection
        boolean tls = sec.policy().encrypts(where.dc(), where.rack());
        Framing framing = sec.policy().framing(where.dc());
        Initiate init = Initiate.modern(sec.policy().minimumVersion(), sec.policy().currentVersion(), type, framing,
                t.localAddress());
        this.encrypted = tls;
        Bootstrap b = new Bootstrap()
                .group(t.group())
                .channel(t.channelClass())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) t.options().connectTimeout().toMillis())
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("traffic", t.trafficCounter());
                        if (tls) {
                            io.netty.handler.ssl.SslHandler ssl = sec.tls().clientHandler(ch.alloc(),
                                    new InetSocketAddress(peer.address(), peer.port()));
                            ch.pipeline().addLast(NettyTransport.TLS, ssl);
                            // fails before the channel closes: the reason is TLS, not "connection closed"
                            ssl.handshakeFuture().addListener(h -> {
                                if (!h.isSuccess()) {
                                    failed(ch, tlsReason(h.cause()));
                                }
                            });
                        }
                        ch.pipeline().addLast("handshake", new HandshakeInitiator(init, DecoderLimits.DEFAULT,
                                ApplicationStateTable.CASSANDRA_5_0));
                        ch.pipeline().addLast("outbound", new Handler());
                    }
                });
        if (t.epoll()) {
            b.option(EpollChannelOption.TCP_USER_TIMEOUT, (int) t.options().tcpUserTimeout().toMillis());
            if (ps != null && ps.maxSegmentSize() != null) {
                b.option(TCP_MAXSEG, ps.maxSegmentSize());
            }
        }
        // from our own address, so the peer (and any firewall) sees the address we advertise
        ChannelFuture f = b.connect(new InetSocketAddress(peer.address(), peer.port()),
                new InetSocketAddress(t.localAddress().address(), 0));
        channel = f.channel();
        f.addListener(done -> {
            if (!done.isSuccess()) {
                failed(f.channel(), "connect failed: " + done.cause().getMessage());
            }
        });
        // after whatever closed it had its say (an exception fired right after the close names the cause)
        f.channel().closeFuture().addListener(closed -> f.channel().eventLoop().execute(
                () -> failed(f.channel(), "connection closed")));
    }

    private synchronized void handshakeDone(Channel ch, HandshakeCompleted hc) {
        if (ch != channel) {
            return;
        }
        ready = true;
        if (failedLogged) {
            t.log().info("Outbound " + type + " connection to " + peer + " established again (" + describe(hc) + ")");
            failedLogged = false;
        } else {
            t.log().debug("Outbound " + type + " connection to " + peer + " established (" + describe(hc) + ")");
        }
        ChannelFuture last = null;
        while (!pending.isEmpty()) {
            last = ch.write(pending.poll()).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
        }
        ch.flush();
        if (last != null) {
            lastWrite = last;
        }
        settleDrained();
    }

    /**
     * Completes once every message handed to this connection so far is written to its socket, or
     * dropped with a failed connection: what a closing transport waits for (bounded) before it
     * closes the connection, so a stop's GOSSIP_SHUTDOWN queued behind a connection still opening
     * still goes out.
     */
    synchronized java.util.concurrent.CompletableFuture<Void> drained() {
        if (!pending.isEmpty()) {
            if (drained == null) {
                drained = new java.util.concurrent.CompletableFuture<>();
            }
            return drained;
        }
        java.util.concurrent.CompletableFuture<Void> f = new java.util.concurrent.CompletableFuture<>();
        ChannelFuture w = lastWrite;
        if (w == null) {
            f.complete(null);
        } else {
            w.addListener(done -> f.complete(null));
        }
        return f;
    }

    /** Completes a waiter on the queue once it is written or dropped (the queue is empty by now). */
    private void settleDrained() {
        java.util.concurrent.CompletableFuture<Void> d = drained;
        drained = null;
        if (d != null) {
            ChannelFuture w = lastWrite;
            if (w == null) {
                d.complete(null);
            } else {
                w.addListener(done -> d.complete(null));
            }
        }
    }

    private String tlsReason(Throwable cause) {
        TlsFailure f = TlsFailure.classify(cause, peer.toString(), t.security().tls().canServe());
        return f != null ? f.toString() : String.valueOf(cause.getMessage());
    }

    private String describe(HandshakeCompleted hc) {
        return "messaging version " + hc.version().id() + ", " + hc.initiate().framing() + " frames"
                + (encrypted ? ", TLS" : "");
    }

    private synchronized void failed(Channel ch, String why) {
        if (ch != channel) {
            return;
        }
        dropped += pending.size();
        pending.clear();
        channel = null;
        ready = false;
        lastWrite = null;
        settleDrained();
        if (!failedLogged && !t.isClosed()) {
            t.log().info("Outbound " + type + " connection to " + peer + " failed: " + why + " (will retry on the next message)");
            failedLogged = true;
        }
    }

    synchronized void reset(String why) {
        if (channel != null) {
            channel.close();
        }
        channel = null;
        ready = false;
        pending.clear();
        lastWrite = null;
        settleDrained();
    }

    synchronized long dropped() {
        return dropped;
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HandshakeCompleted hc) {
                handshakeDone(ctx.channel(), hc);
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            failed(ctx.channel(), encrypted ? tlsReason(cause) : cause.getMessage());
            ctx.close();
        }
    }
}
