package io.gossippreflight.probe.net;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.net.tls.TlsDetector;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.netty.HandshakeAcceptor;
import io.gossippreflight.wire.netty.HandshakeCompleted;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A listening gossip port: accepts connections, answers the 4.0+ handshake (and the pre-4.0 one
 * when {@code min} is 10 or 11, whose messages are handed on as the 4.0+ messages they mean) and hands decoded
 * messages to a {@link Handler}. With {@code maxSeg} set, every SYN-ACK it sends advertises
 * that MSS (TCP_MAXSEG on the listening socket), so peers send segments of at most that size.
 * Handler callbacks run on the connection's event loop.
 */
public final class InboundListener implements AutoCloseable {
    /** What a listener reports. Defaults do nothing. */
    public interface Handler {
        default void onAccepted(InboundConnection c) {
        }

        default void onHandshake(InboundConnection c) {
        }

        void onMessage(InboundConnection c, Message m, long arrivedNanos);

        default void onClosed(InboundConnection c) {
        }
    }

    /** The TLS handler's name in an accepted connection's pipeline. */
    static final String TLS = "tls";
    private final Channel server;
    private final Set<Channel> children = ConcurrentHashMap.newKeySet();
    private final int maxSeg;

    private InboundListener(Channel server, int maxSeg) {
        this.server = server;
        this.maxSeg = maxSeg;
    }

    /**
     * Binds and waits for it; not on an event loop (use {@link #open} there).
     *
     * @param maxSeg MSS to advertise (TCP_MAXSEG), 0 for the interface's own
     */
    public static InboundListener bind(EventLoopGroup group, InetSocketAddress address, int maxSeg, MessagingVersion min,
            MessagingVersion max, Handler handler) {
        return bind(group, address, maxSeg, min, max, LinkSecurity.PLAIN, handler);
    }

    /** As above, accepting TLS as {@code security}'s listener mode says. */
    public static InboundListener bind(EventLoopGroup group, InetSocketAddress address, int maxSeg, MessagingVersion min,
            MessagingVersion max, LinkSecurity security, Handler handler) {
        try {
            return open(group, address, maxSeg, min, max, security, handler).join();
        } catch (java.util.concurrent.CompletionException e) {
            throw e.getCause() instanceof ProbeException pe ? pe : e;
        }
    }

    /** Binds without blocking; fails with a {@link ProbeException}. */
    public static java.util.concurrent.CompletableFuture<InboundListener> open(EventLoopGroup group,
            InetSocketAddress address, int maxSeg, MessagingVersion min, MessagingVersion max, Handler handler) {
        return open(group, address, maxSeg, min, max, LinkSecurity.PLAIN, handler);
    }

    /** As above, accepting TLS as {@code security}'s listener mode says (a TLS ClientHello is closed on a plain port). */
    public static java.util.concurrent.CompletableFuture<InboundListener> open(EventLoopGroup group,
            InetSocketAddress address, int maxSeg, MessagingVersion min, MessagingVersion max, LinkSecurity security,
            Handler handler) {
        InboundListener[] self = new InboundListener[1];
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        InboundConnection c = new InboundConnection((EpollSocketChannel) ch, System.nanoTime());
                        if (self[0] != null) {
                            self[0].children.add(ch);
                            ch.closeFuture().addListener(f -> self[0].children.remove(ch));
                        }
                        InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
                        if (security.listener() != io.gossippreflight.config.InternodePolicy.ListenerTls.NONE) {
                            // our TLS flight (certificates) crosses whatever the path's MTU; nothing else we
                            // send here (the Accept) depends on DF, the peer's messages keep theirs
                            SocketOptions.allowFragments(ch, peer.getAddress());
                        }
                        switch (security.listener()) {
                            case REQUIRED -> ch.pipeline().addLast(TLS, security.listenerTls().serverHandler(ch.alloc(), peer));
                            case OPTIONAL -> ch.pipeline().addLast("tlsDetect", new TlsDetector(
                                    () -> security.listenerTls().serverHandler(ch.alloc(), peer), TLS));
                            case NONE -> ch.pipeline().addLast("tlsDetect", new TlsDetector(null, TLS));
                        }
                        ch.pipeline().addLast("handshake", new HandshakeAcceptor(min, max, DecoderLimits.DEFAULT, null));
                        ch.pipeline().addLast("dispatch", new Dispatch(c, handler));
                        handler.onAccepted(c);
                    }
                });
        if (maxSeg > 0) {
            b.option(SocketOptions.TCP_MAXSEG, SocketOptions.clampMaxSeg(maxSeg));
        }
        java.util.concurrent.CompletableFuture<InboundListener> result = new java.util.concurrent.CompletableFuture<>();
        b.bind(address).addListener((io.netty.channel.ChannelFutureListener) f -> {
            if (f.isSuccess()) {
                self[0] = new InboundListener(f.channel(), maxSeg);
                result.complete(self[0]);
            } else {
                Throwable e = f.cause();
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                result.completeExceptionally(ProbeException.environment("cannot listen on " + address + ": " + why
                        + (why.contains("in use")
                                ? " (another process has the port: choose another with --listen ADDRESS:PORT)"
                                : " (is the address one of this host's?)"), e));
            }
        });
        return result;
    }

    private static final class Dispatch extends ChannelInboundHandlerAdapter {
        private final InboundConnection c;
        private final Handler handler;

        Dispatch(InboundConnection c, Handler handler) {
            this.c = c;
            this.handler = handler;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HandshakeCompleted hc) {
                c.handshake(hc.initiate(), hc.version(), System.nanoTime());
                handler.onHandshake(c);
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            long now = System.nanoTime();
            try {
                if (msg instanceof Message m) {
                    handler.onMessage(c, m, now);
                } else if (msg instanceof io.gossippreflight.wire.message.LegacyMessage lm) {
                    // a 3.x peer's message, as the 4.0+ message it means (a node of 4.0 reads it so)
                    handler.onMessage(c, io.gossippreflight.wire.message.Pre40Messages.toModern(lm), now);
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a malformed stream ends the connection; the codecs said why
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handler.onClosed(c);
            super.channelInactive(ctx);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** The MSS this listener advertises, 0 for the interface's own. */
    public int maxSeg() {
        return maxSeg;
    }

    /** Stops listening and closes every connection it accepted. */
    @Override
    public void close() {
        server.close();
        children.forEach(Channel::close);
    }
}
