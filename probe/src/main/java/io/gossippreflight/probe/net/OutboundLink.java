package io.gossippreflight.probe.net;

import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.netty.HandshakeCompleted;
import io.gossippreflight.wire.netty.HandshakeInitiator;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One outbound internode connection, as a node opens it to send: TCP connect (optionally with our
 * segment size set through TCP_MAXSEG), the 4.0+ handshake, then messages. Connections are
 * one-way, so nothing is read after the handshake. Fails with a {@link LinkFailure} that says
 * how far it got.
 */
public final class OutboundLink implements Link {
    private static final int SNIFF_BYTES = 16;
    /** Cassandra 5.0.9's internode_tcp_user_timeout default. */
    private static final int USER_TIMEOUT_MS = 30_000;
    /** Longest a pre-4.0 link waits for its handshake confirmation to be acknowledged before it is handed out. */
    private static final long CONFIRM_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final EpollSocketChannel channel;
    private final MessagingVersion version;
    private final WireCost wireCost;
    private final long openedNanos;
    private final long readyNanos;

    private OutboundLink(EpollSocketChannel channel, MessagingVersion version, WireCost wireCost, long openedNanos,
            long readyNanos) {
        this.channel = channel;
        this.version = version;
        this.wireCost = wireCost;
        this.openedNanos = openedNanos;
        this.readyNanos = readyNanos;
    }

    public static CompletableFuture<OutboundLink> open(EventLoopGroup group, Spec spec) {
        return open(group, spec, LinkSecurity.PLAIN);
    }

    /**
     * As {@link #open(EventLoopGroup, Spec, LinkSecurity)}; a peer that answers the 4.0+ Initiate as
     * a 3.x node does (its version 10 or 11, then a close) is connected to again with the pre-4.0
     * handshake at that version, as a 4.0 node does (Cassandra 4.1.10 net/OutboundConnectionInitiator);
     * over TLS too, inside which a 3.x node speaks the same handshake (3.11.19 net/OutboundTcpConnectionPool.newSocket).
     */
    public static CompletableFuture<OutboundLink> openNegotiating(EventLoopGroup group, Spec spec, LinkSecurity security) {
        return open(group, spec, security).handle((l, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(l);
            }
            MessagingVersion legacy = legacyAnswer(e);
            if (legacy == null || !spec.max().isModern()) {
                return CompletableFuture.<OutboundLink>failedFuture(e instanceof java.util.concurrent.CompletionException
                        && e.getCause() != null ? e.getCause() : e);
            }
            return open(group, new Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(), spec.maxSeg(),
                    spec.timeout(), legacy, legacy), security);
        }).thenCompose(f -> f);
    }

    /** The 3.x version a failed 4.0+ handshake was answered with, or null. */
    public static MessagingVersion legacyAnswer(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof io.gossippreflight.wire.netty.HandshakeVersionException v) {
                MessagingVersion mv = MessagingVersion.orNull(v.peerVersion());
                return mv != null && !mv.isModern() ? mv : null;
            }
        }
        return null;
    }

    /**
     * How a TLS connection's session is set up.
     *
     * @param sessionKey the key the TLS client keeps the session under (the JDK keeps one per host and
     *                   port): a connection under a key resumes the session an earlier connection under it
     *                   left, so the peer's answer to the ClientHello holds no certificates, a few hundred
     *                   bytes. {@link #TARGET_PORT}: the target's own port.
     * @param blind      {@link HandshakeInitiator#blind}: the peer's answers may be lost on the way (a black
     *                   hole towards us swallows the session tickets it sends after TLS, and its Accept behind
     *                   them), so the link is ready once TLS completed and the peer's kernel acknowledged our
     *                   Initiate; {@code spec} then offers exactly one version, one the peer already chose
     */
    public record TlsSession(int sessionKey, boolean blind) {
        public static final int TARGET_PORT = -1;
        /** A full handshake (or whatever the TLS client resumes on its own), the Accept awaited. */
        public static final TlsSession FULL = new TlsSession(TARGET_PORT, false);
    }

    /** As above, with TLS and frames as {@code security} says (TLS failures are {@link LinkFailure.Kind#TLS_FAILED}). */
    public static CompletableFuture<OutboundLink> open(EventLoopGroup group, Spec spec, LinkSecurity security) {
        return open(group, spec, security, TlsSession.FULL);
    }

    /**
     * As above, the TLS session set up as {@code session} says. While TLS shakes hands the socket
     * lets gateways fragment what it sends (IPv4 DF clear), so our ClientHello and certificates cross
     * a path whatever its MTU; DF is back on before the first message.
     */
    public static CompletableFuture<OutboundLink> open(EventLoopGroup group, Spec spec, LinkSecurity security,
            TlsSession session) {
        CompletableFuture<OutboundLink> result = new CompletableFuture<>();
        long start = System.nanoTime();
        boolean pre40 = !spec.max().isModern();
        boolean blind = session.blind() && !pre40 && security.encrypts();
        if (blind && spec.min() != spec.max()) {
            throw new IllegalArgumentException("a blind link offers exactly one messaging version");
        }
        Initiate initiate = pre40 ? null
                : Initiate.modern(spec.min(), spec.max(), spec.type(), security.framing(), spec.advertise());
        Sniffer sniffer = new Sniffer();
        Bootstrap b = new Bootstrap().group(group).channel(EpollSocketChannel.class)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, spec.timeout().toMillis()))
                .option(ChannelOption.TCP_NODELAY, true)
                // as Cassandra's internode_tcp_user_timeout: data unacknowledged this long ends the connection
                .option(io.netty.channel.epoll.EpollChannelOption.TCP_USER_TIMEOUT, USER_TIMEOUT_MS)
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        ch.pipeline().addLast("sniffer", sniffer);
                        Ready ready = new Ready(result, sniffer, start, security, blind);
                        if (security.encrypts()) {
                            io.netty.handler.ssl.SslHandler ssl = security.tls().clientHandler(ch.alloc(), spec.target(),
                                    session.sessionKey());
                            ch.pipeline().addLast("tls", ssl);
                            Integer pmtuMode = SocketOptions.allowFragments(ch, spec.target().getAddress());
                            // fails before the close: the reason is TLS's, not "closed during the handshake"
                            ssl.handshakeFuture().addListener(h -> {
                                sniffer.tlsCompleted();
                                SocketOptions.restoreMtuDiscover(ch, pmtuMode);
                                if (!h.isSuccess()) {
                                    ready.tlsFailed(ch, h.cause());
                                }
                            });
                        }
                        if (pre40) {
                            ch.pipeline().addLast("handshake", new io.gossippreflight.wire.netty.LegacyHandshakeInitiator(
                                    spec.max(), security.framing() == Framing.LZ4, spec.advertise()));
                            ch.pipeline().addLast("pre40", new Pre40Encoder(spec.advertise()));
                        } else {
                            ch.pipeline().addLast("handshake", blind ? HandshakeInitiator.blind(initiate)
                                    : new HandshakeInitiator(initiate, DecoderLimits.DEFAULT, null));
                        }
                        ch.pipeline().addLast("ready", ready);
                    }
                });
        if (spec.maxSeg() > 0) {
            b.option(SocketOptions.TCP_MAXSEG, SocketOptions.clampMaxSeg(spec.maxSeg()));
        }
        ChannelFuture cf = spec.bind() == null ? b.connect(spec.target())
                : b.connect(spec.target(), new InetSocketAddress(spec.bind(), 0));
        cf.addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(connectFailure(spec, f.cause()));
                return;
            }
            Channel ch = cf.channel();
            long left = spec.timeout().toNanos() - (System.nanoTime() - start);
            ch.eventLoop().schedule(() -> {
                if (!result.isDone()) {
                    io.netty.handler.ssl.SslHandler ssl = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
                    boolean tlsStalled = ssl != null && !ssl.handshakeFuture().isDone();
                    String what = tlsStalled
                            ? " did not complete the TLS handshake (" + sniffer.total() + " bytes of its answer arrived)"
                            : ssl != null ? " did not answer the internode handshake over TLS (our side of TLS completed)"
                            : " did not answer the internode handshake";
                    // our ClientHello sent, no complete TLS answer: its larger segments may be lost on the way
                    // (none of it may arrive: a whole flight in one segment the path loses)
                    LinkFailure.Kind kind = tlsStalled ? LinkFailure.Kind.TLS_STALLED
                            : ssl != null && ssl.handshakeFuture().isSuccess() ? LinkFailure.Kind.TLS_UNANSWERED
                            : LinkFailure.Kind.HANDSHAKE_TIMEOUT;
                    result.completeExceptionally(new LinkFailure(kind, label(spec.target())
                            + " accepted the TCP connection but" + what + " within " + spec.timeout().toMillis() + " ms",
                            sniffer.bytes(), null));
                    ch.close();
                }
            }, Math.max(left, 1), TimeUnit.NANOSECONDS);
        });
        return result;
    }

    /** "198.18.1.2:7000" or "[2001:db8::1]:7000", never InetSocketAddress's "/198.18.1.2:7000". */
    static String label(java.net.SocketAddress a) {
        if (!(a instanceof InetSocketAddress s) || s.getAddress() == null) {
            return String.valueOf(a);
        }
        String host = io.netty.util.NetUtil.toAddressString(s.getAddress());
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + s.getPort();
    }

    private static LinkFailure connectFailure(Spec spec, Throwable t) {
        String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (t instanceof ConnectTimeoutException) {
            return new LinkFailure(LinkFailure.Kind.UNREACHABLE, label(spec.target()) + " did not answer our TCP SYN within "
                    + spec.timeout().toMillis() + " ms", null, t);
        }
        if (t instanceof NoRouteToHostException || msg.contains("No route") || msg.contains("unreachable")) {
            return new LinkFailure(LinkFailure.Kind.UNREACHABLE, "no route to " + label(spec.target()) + ": " + msg, null, t);
        }
        if (t instanceof ConnectException && msg.contains("refused")) {
            return new LinkFailure(LinkFailure.Kind.REFUSED, label(spec.target()) + " refused the connection: nothing listens on "
                    + "port " + spec.target().getPort(), null, t);
        }
        return new LinkFailure(LinkFailure.Kind.UNREACHABLE, "cannot connect to " + label(spec.target()) + ": " + msg, null, t);
    }

    /** Completes the open future on the handshake's outcome. */
    private static final class Ready extends ChannelInboundHandlerAdapter {
        private final CompletableFuture<OutboundLink> result;
        private final Sniffer sniffer;
        private final long start;
        private final LinkSecurity security;
        private final boolean blind;

        Ready(CompletableFuture<OutboundLink> result, Sniffer sniffer, long start, LinkSecurity security, boolean blind) {
            this.result = result;
            this.sniffer = sniffer;
            this.start = start;
            this.security = security;
            this.blind = blind;
        }

        private void whenConfirmed(ChannelHandlerContext ctx, java.util.function.Supplier<OutboundLink> link, long deadline) {
            TcpSnapshot t = TcpSnapshot.of((EpollSocketChannel) ctx.channel());
            // blind: TLS may complete before the Initiate queued behind it is written
            boolean written = !blind || sniffer.firstAppRecord() > 0;
            if (t == null || (written && t.allAcknowledged()) || System.nanoTime() >= deadline) {
                if (!result.complete(link.get())) {
                    ctx.close();
                }
                return;
            }
            ctx.executor().schedule(() -> whenConfirmed(ctx, link, deadline), 1, TimeUnit.MILLISECONDS);
        }

        /** Names a failed TLS handshake; a reset or timeout under it is left to the other paths. */
        void tlsFailed(Channel ch, Throwable cause) {
            if (result.isDone()) {
                return;
            }
            String peer = label(ch.remoteAddress());
            io.gossippreflight.probe.net.tls.TlsFailure f = io.gossippreflight.probe.net.tls.TlsFailure.classify(cause, peer,
                    security.tls().canServe());
            if ((f == null || f.kind() == io.gossippreflight.probe.net.tls.TlsFailure.Kind.OTHER) && sniffer.total() == 0
                    && !ch.isActive()) {
                // a plain Cassandra port closes on a ClientHello (RejectSslHandler) without a word
                f = new io.gossippreflight.probe.net.tls.TlsFailure(io.gossippreflight.probe.net.tls.TlsFailure.Kind.PLAIN_PEER,
                        peer + " closed the connection on our TLS ClientHello without a word: it does not speak TLS on "
                                + "this port (internode_encryption none there?); connect without TLS, or turn it on there");
            }
            if (f != null) {
                result.completeExceptionally(new LinkFailure(LinkFailure.Kind.TLS_FAILED, f.detail(), sniffer.bytes(),
                        cause, f));
            } else if (sniffer.total() > 0 && ch.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null
                    && !ch.pipeline().get(io.netty.handler.ssl.SslHandler.class).handshakeFuture().isSuccess()) {
                // part of its TLS answer arrived, no TLS error, then a reset or close: the rest may be lost on the way
                result.completeExceptionally(new LinkFailure(LinkFailure.Kind.TLS_STALLED, peer + " ended the connection "
                        + sniffer.total() + " bytes into its TLS answer, before our TLS handshake completed ("
                        + reason(cause) + ")", sniffer.bytes(), cause));
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HandshakeCompleted hc) {
                io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
                if (blind) {
                    // the Initiate is queued behind TLS: ready once TLS completed and the peer's kernel has it
                    ssl.handshakeFuture().addListener(h -> {
                        if (h.isSuccess()) {
                            whenConfirmed(ctx, () -> link(ctx, hc, ssl), System.nanoTime() + CONFIRM_WAIT_NANOS);
                        }
                    });
                } else if (hc.isPre40()) {
                    // the pre-4.0 handshake ends with our confirmation, still in flight now: ready once it is
                    // acknowledged, so what the caller reads of TCP_INFO next is its own messages' fate
                    OutboundLink l = link(ctx, hc, ssl);
                    whenConfirmed(ctx, () -> l, System.nanoTime() + CONFIRM_WAIT_NANOS);
                } else if (!result.complete(link(ctx, hc, ssl))) {
                    ctx.close();
                }
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        /** The link, its wire cost from the TLS session negotiated (call once TLS completed). */
        private OutboundLink link(ChannelHandlerContext ctx, HandshakeCompleted hc, io.netty.handler.ssl.SslHandler ssl) {
            Pre40Encoder pre40 = ctx.pipeline().get(Pre40Encoder.class);
            int tls = ssl == null ? 0 : WireCost.tlsRecordOverhead(ssl.engine().getSession().getProtocol(),
                    ssl.engine().getSession().getCipherSuite());
            if (ssl != null && !hc.isPre40()) {
                // what our TLS provider really adds to a record: the Initiate is the first record after TLS
                // (the JDK's TLS 1.3 records carry 38 bytes, not the 22 RFC 8446 needs at least)
                int record = sniffer.firstAppRecord() - hc.initiate().serializedSize();
                if (record >= 5 && record <= 256) {
                    tls = record;
                }
            }
            WireCost cost = hc.isPre40() && pre40 != null
                    ? WireCost.pre40(pre40.extra(), hc.initiate().framing() == Framing.LZ4, tls, pre40.from())
                    : new WireCost(hc.initiate().framing(), tls);
            return new OutboundLink((EpollSocketChannel) ctx.channel(), hc.version(), cost, start, System.nanoTime());
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg); // one-way connection: the peer has nothing to say here
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (security.encrypts()) {
                tlsFailed(ctx.channel(), cause);
            }
            if (!result.isDone()) {
                String why = reason(cause);
                result.completeExceptionally(new LinkFailure(LinkFailure.Kind.HANDSHAKE_REJECTED,
                        label(ctx.channel().remoteAddress()) + " answered our internode handshake with something else: " + why,
                        sniffer.bytes(), cause));
            }
            ctx.close();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            io.netty.handler.ssl.SslHandler ssl = ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class);
            if (ssl != null && !ssl.handshakeFuture().isDone()) {
                tlsFailed(ctx.channel(), new java.io.IOException("connection closed during the TLS handshake"));
            }
            if (!result.isDone()) {
                byte[] got = sniffer.bytes();
                result.completeExceptionally(new LinkFailure(got.length == 0 ? LinkFailure.Kind.CLOSED_IN_HANDSHAKE
                        : LinkFailure.Kind.HANDSHAKE_REJECTED, label(ctx.channel().remoteAddress())
                        + " closed the connection during the internode handshake"
                        + (got.length == 0 ? " without a word" : ""), got, null));
            }
            super.channelInactive(ctx);
        }
    }

    /** The first wire-format complaint in the chain, else the innermost message: never a class name. */
    private static String reason(Throwable t) {
        String last = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof WireFormatException) {
                return c.getMessage();
            }
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                last = c.getMessage().replaceAll("^([a-z]+\\.)+[A-Za-z$]+(Exception|Error): ", "");
            }
        }
        return last != null ? last : "an unreadable answer";
    }

    /** Keeps the first bytes the peer sends, to recognise a TLS record or another protocol. */
    private static final class Sniffer extends io.netty.channel.ChannelDuplexHandler {
        private final byte[] first = new byte[SNIFF_BYTES];
        private int n;
        private volatile long total;
        /** TLS records written to the socket: the bytes of the current one still to come, its header so far. */
        private int recordLeft;
        private final byte[] header = new byte[5];
        private int headerHave;
        /** Whether TLS completed: application-data records from then on are our messages. */
        private boolean tlsDone;
        /** Length (header included) of the first application-data record written after TLS completed; -1 before. */
        private int firstAppRecord = -1;

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, io.netty.channel.ChannelPromise promise) throws Exception {
            if (msg instanceof ByteBuf buf) {
                records(buf);
            }
            super.write(ctx, msg, promise);
        }

        /** Follows the TLS record headers in what TLS writes (records may span writes). */
        private void records(ByteBuf buf) {
            int i = buf.readerIndex();
            int end = buf.writerIndex();
            while (i < end) {
                if (recordLeft > 0) {
                    int k = Math.min(recordLeft, end - i);
                    recordLeft -= k;
                    i += k;
                    continue;
                }
                header[headerHave++] = buf.getByte(i++);
                if (headerHave == header.length) {
                    headerHave = 0;
                    recordLeft = ((header[3] & 0xff) << 8) | (header[4] & 0xff);
                    // application_data (in TLS 1.3 also the encrypted handshake, written before TLS completed)
                    if (header[0] == 23 && tlsDone && firstAppRecord < 0) {
                        firstAppRecord = header.length + recordLeft;
                    }
                }
            }
        }

        /**
         * TLS completed: the next application-data record is our first message (the Initiate; the
         * client's Finished, encrypted too under TLS 1.3, was written before).
         */
        void tlsCompleted() {
            tlsDone = true;
        }

        /** Length of the first application-data record written after TLS completed, header included; -1 before. */
        int firstAppRecord() {
            return firstAppRecord;
        }
        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf buf) {
                total += buf.readableBytes();
            }
            if (msg instanceof ByteBuf buf && n < first.length) {
                int k = Math.min(first.length - n, buf.readableBytes());
                buf.getBytes(buf.readerIndex(), first, n, k);
                n += k;
            }
            ctx.fireChannelRead(msg);
        }

        synchronized byte[] bytes() {
            return java.util.Arrays.copyOf(first, n);
        }

        /** Every byte the peer sent, counted before TLS. */
        long total() {
            return total;
        }
    }

    @Override
    public MessagingVersion version() {
        return version;
    }

    @Override
    public WireCost wireCost() {
        return wireCost;
    }

    /** Nanos from the start of the connect until the handshake completed. */
    public long setupNanos() {
        return readyNanos - openedNanos;
    }

    @Override
    public InetSocketAddress localAddress() {
        return channel.localAddress();
    }

    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    public Channel channel() {
        return channel;
    }

    /**
     * Writes and flushes one message; completes with System.nanoTime() at the moment it reached
     * the socket (the clock of any wait for its acknowledgement starts there).
     */
    @Override
    public CompletableFuture<Long> send(Message m) {
        CompletableFuture<Long> f = new CompletableFuture<>();
        channel.writeAndFlush(m).addListener(w -> {
            if (w.isSuccess()) {
                f.complete(System.nanoTime());
            } else {
                f.completeExceptionally(w.cause());
            }
        });
        return f;
    }

    /** TCP_INFO now; null once the connection is closed. */
    @Override
    public TcpSnapshot tcp() {
        return TcpSnapshot.of(channel);
    }

    /** The path MTU the kernel holds for this connection's route (IP_MTU / IPV6_MTU). */
    public OptionalInt ipMtu() {
        try {
            Integer v = channel.config().getOption(SocketOptions.mtu(channel.remoteAddress().getAddress()
                    instanceof java.net.Inet6Address));
            return v == null || v <= 0 ? OptionalInt.empty() : OptionalInt.of(v);
        } catch (RuntimeException e) {
            return OptionalInt.empty();
        }
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    /**
     * Closes with a FIN, never a reset: a real node logs every reset as an error. Data still
     * unacknowledged (a lost probe) is given up by the kernel after the user timeout, as when a
     * real node's message meets a black hole.
     */
    @Override
    public void close() {
        if (channel.isOpen()) {
            channel.close();
        }
    }
}
