package io.gossippreflight.node.net;

import io.gossippreflight.node.config.InboundLimits;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.probe.net.tls.TlsDetector;
import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
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
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The real transport: Cassandra's 4.0+ internode protocol over TCP, through wire's Netty
 * handshake and codec handlers. It listens on the node's address and, for each peer, opens its
 * own outbound connections (URGENT_MESSAGES for gossip, LARGE_MESSAGES for messages over the
 * large-message threshold, as Cassandra 5.0 does), so answers go back over our connection to
 * the sender's advertised address, never over the connection a message came in on.
 */
public final class NettyTransport implements Transport {
    /** Cassandra 5.0.9 net/OutboundConnections.java: 64 KiB minus the frame overhead. */
    public static final int LARGE_MESSAGE_THRESHOLD = 65_536 - 21;
    /** What Cassandra 5.0.9 speaks by default (storage_compatibility_mode CASSANDRA_4). */
    public static final MessagingVersion VERSION = MessagingVersion.V12;
    /** The TLS handler's name in every pipeline (first, before the traffic counter: it counts what crosses). */
    static final String TLS = "tls";

    /** Connection settings; defaults are Cassandra's, and {@link InboundLimits#DEFAULTS} for what peers may hold. */
    public record Options(Duration connectTimeout, Duration tcpUserTimeout, int maxPendingPerConnection, InboundLimits inbound) {
        public static final Options DEFAULTS = new Options(Duration.ofSeconds(2), Duration.ofSeconds(30), 1024,
                InboundLimits.DEFAULTS);

        public Options withInbound(InboundLimits limits) {
            return new Options(connectTimeout, tcpUserTimeout, maxPendingPerConnection, limits);
        }
    }

    private final InetAddressAndPort local;
    private final NodeLog log;
    private final Options options;
    private volatile Security security;
    private final boolean epoll = Epoll.isAvailable();
    private final EventLoopGroup group;
    private final Map<Key, Outbound> outbound = new ConcurrentHashMap<>();
    private final Map<InetAddressAndPort, PeerSettings> peerSettings = new ConcurrentHashMap<>();
    private final TrafficCounter traffic = new TrafficCounter();
    private final InboundGuard guard;
    private final DecoderLimits inboundLimits;
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder messageBytesSent = new LongAdder();
    private final LongAdder messagesReceived = new LongAdder();
    private final VerbTraffic verbs = new VerbTraffic();
    private volatile Integer listenerMss;
    private volatile Channel server;
    private volatile boolean closed;

    private record Key(InetAddressAndPort peer, ConnectionType type) {
    }

    /**
     * What this transport has carried since it was created.
     *
     * @param messagesSent     messages handed to {@link #send} (before any connection failure drops them)
     * @param messageBytesSent their serialized size at the version spoken (header and payload, no framing)
     * @param bytesSent        bytes written to sockets: frames, handshakes and streaming included
     * @param messagesReceived messages decoded from inbound connections
     * @param bytesReceived    bytes read from sockets
     */
    public record Traffic(long messagesSent, long messageBytesSent, long bytesSent, long messagesReceived, long bytesReceived) {
    }

    /**
     * What inbound connections hold now.
     *
     * @param connections      open inbound connections
     * @param heldBytes        bytes reserved for messages still being assembled
     * @param closedOverLimits connections closed for a limit or malformed bytes since start
     */
    public record Inbound(int connections, long heldBytes, long closedOverLimits) {
    }

    /** Per-peer socket settings (an MSS clamp for a path with a black hole), null fields = defaults. */
    public record PeerSettings(Integer maxSegmentSize) {
    }

    public NettyTransport(InetAddressAndPort local, NodeLog log, Options options) {
        this(local, log, options, Security.PLAIN);
    }

    /** As above, with TLS, compression and messaging versions as {@code security} says. */
    public NettyTransport(InetAddressAndPort local, NodeLog log, Options options, Security security) {
        this.local = local;
        this.log = log;
        this.options = options;
        this.security = java.util.Objects.requireNonNull(security, "security");
        this.guard = new InboundGuard(options.inbound(), log);
        this.inboundLimits = new DecoderLimits((int) Math.min(options.inbound().maxMessageSize(),
                DecoderLimits.DEFAULT.maxMessageSize()), DecoderLimits.DEFAULT.maxCollection(), DecoderLimits.DEFAULT.maxStringBytes());
        DefaultThreadFactory threads = new DefaultThreadFactory("internode-" + local.port(), true);
        this.group = epoll ? new EpollEventLoopGroup(2, threads) : new NioEventLoopGroup(2, threads);
    }

    @Override
    public InetAddressAndPort localAddress() {
        return local;
    }

    /** Applies socket settings to future connections to {@code peer} (existing ones are reopened). */
    public void setPeerSettings(InetAddressAndPort peer, PeerSettings settings) {
        peerSettings.put(peer, settings);
        outbound.forEach((k, o) -> {
            if (k.peer.equals(peer)) {
                o.reset("settings changed");
            }
        });
    }

    /** Where peers sit (for the dc/rack modes of TLS and compression); the gossiper's view once it runs. */
    public void setPlacements(java.util.function.Function<InetAddressAndPort, Security.Placement> placements) {
        security = security.withPlacements(placements);
    }

    /** The messaging version this node speaks: 12, or 13 with storage_compatibility_mode NONE/UPGRADING. */
    public MessagingVersion version() {
        return security.policy().currentVersion();
    }

    Security security() {
        return security;
    }

    /** Clamps the MSS our listening socket advertises (every inbound connection); before {@link #start}. */
    public void setListenerMaxSegmentSize(Integer mss) {
        this.listenerMss = mss;
    }

    @Override
    public void start(Receiver receiver) {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        InetAddress peer = ch.remoteAddress().getAddress();
                        Security sec = security;
                        ch.pipeline().addLast("traffic", traffic);
                        ch.pipeline().addLast("guard", new GuardHandler(peer));
                        switch (sec.listener()) {
                            case REQUIRED -> ch.pipeline().addLast(TLS, sec.tls().serverHandler(ch.alloc(), ch.remoteAddress()));
                            case OPTIONAL -> ch.pipeline().addLast("tlsDetect", new TlsDetector(
                                    () -> sec.tls().serverHandler(ch.alloc(), ch.remoteAddress()), TLS));
                            case NONE -> ch.pipeline().addLast("tlsDetect", new TlsDetector(null, TLS));
                        }
                        ch.pipeline().addLast("handshake", new HandshakeAcceptor(sec.policy().minimumVersion(),
                                sec.policy().currentVersion(), inboundLimits, ApplicationStateTable.CASSANDRA_5_0)
                                .withBudget(guard.budget(peer)).withAdmission(i -> admit(ch, i, sec)));
                        ch.pipeline().addLast("inbound", new InboundHandler(receiver, peer));
                    }
                });
        if (listenerMss != null && epoll) {
            b.option(Outbound.TCP_MAXSEG, listenerMss); // accepted sockets inherit it: their SYN-ACKs advertise it
        } else if (listenerMss != null) {
            log.warn("cannot clamp the inbound MSS to " + listenerMss + ": needs epoll (Linux)");
        }
        try {
            server = b.bind(new InetSocketAddress(local.address(), local.port())).syncUninterruptibly().channel();
        } catch (Exception e) { // syncUninterruptibly rethrows the bind's checked IOException undeclared
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw BindFailures.of(e, new InetSocketAddress(local.address(), local.port()), "internode connections",
                    "listen_address", "storage_port");
        }
        log.info("Listening for internode connections on " + local + (epoll ? " (epoll)" : " (nio)"));
    }

    /**
     * Cassandra 5.0.9 InboundConnectionInitiator.isEncryptionRequired: a plain Initiate from a peer
     * we would encrypt to (and optional not set) is closed unanswered.
     */
    private String admit(Channel ch, io.gossippreflight.wire.handshake.Initiate i, Security sec) {
        if (i.from() == null || ch.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null) {
            return null;
        }
        Security.Placement where = sec.placements().apply(i.from());
        if (sec.policy().requiresTlsFrom(where.dc(), where.rack())) {
            return "peer " + i.from() + " opened an unencrypted connection; server_encryption_options requires TLS from it";
        }
        return null;
    }

    @Override
    public void send(InetAddressAndPort to, Message message) {
        if (closed) {
            return;
        }
        int size = message.serializedSize(version());
        messagesSent.increment();
        messageBytesSent.add(size);
        verbs.sent(message.verb(), size);
        ConnectionType type = size > LARGE_MESSAGE_THRESHOLD ? ConnectionType.LARGE_MESSAGES : ConnectionType.URGENT_MESSAGES;
        outbound.computeIfAbsent(new Key(to, type), k -> new Outbound(this, k.peer, k.type)).send(message);
    }

    /**
     * How long a closing transport lets queued messages go out first: a graceful stop's
     * GOSSIP_SHUTDOWN may wait behind a connection still opening (Cassandra 5.0.9's graceful
     * MessagingService.shutdown likewise closes its outbound connections after flushing their
     * queues, OutboundConnections.close(flushQueues)).
     */
    static final Duration FLUSH_ON_CLOSE = Duration.ofSeconds(2);

    /** Stops sending and receiving, once queued messages went out or {@link #FLUSH_ON_CLOSE} passed. */
    @Override
    public void close() {
        close(FLUSH_ON_CLOSE);
    }

    /** Stops at once: queued messages are dropped (a crash, as the peers see it). */
    @Override
    public void closeNow() {
        close(Duration.ZERO);
    }

    private void close(Duration flush) {
        closed = true; // no new messages from here on
        boolean onOurLoop = false;
        for (io.netty.util.concurrent.EventExecutor e : group) {
            onOurLoop |= e.inEventLoop();
        }
        if (!flush.isZero() && !onOurLoop) { // on one of our own threads, waiting would hold up the very writes
            CompletableFuture<?>[] drains = outbound.values().stream().map(Outbound::drained)
                    .toArray(CompletableFuture[]::new);
            try {
                CompletableFuture.allOf(drains).get(flush.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // what did not go out in time is dropped, as on a failed connection
            }
        }
        outbound.values().forEach(o -> o.reset("transport closed"));
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(10, TimeUnit.SECONDS);
    }

    /** Counters since creation; cheap, callable from any thread. */
    public Traffic traffic() {
        return new Traffic(messagesSent.sum(), messageBytesSent.sum(), traffic.bytesOut.sum(), messagesReceived.sum(),
                traffic.bytesIn.sum());
    }

    /** Messages and bytes per verb and direction since creation; callable from any thread. */
    public VerbTraffic verbTraffic() {
        return verbs;
    }

    /** What inbound connections hold now; cheap, callable from any thread. */
    public Inbound inbound() {
        return new Inbound(guard.connections(), guard.held(), guard.refusals());
    }

    // ---- used by Outbound ------------------------------------------------------------------

    TrafficCounter trafficCounter() {
        return traffic;
    }

    EventLoopGroup group() {
        return group;
    }

    Class<? extends Channel> channelClass() {
        return epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    }

    boolean epoll() {
        return epoll;
    }

    Options options() {
        return options;
    }

    NodeLog log() {
        return log;
    }

    PeerSettings settingsFor(InetAddressAndPort peer) {
        return peerSettings.get(peer);
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * First in every inbound pipeline: admits the connection within the per-address and total
     * caps (else closes it at once), and gives its place back when it closes.
     */
    private final class GuardHandler extends ChannelInboundHandlerAdapter {
        private final InetAddress peer;
        private boolean admitted;

        GuardHandler(InetAddress peer) {
            this.peer = peer;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            String refused = guard.admit(peer);
            if (refused != null) {
                guard.logOnce(peer, "Closing inbound connection from " + peer.getHostAddress() + ": " + refused);
                ctx.close();
                return;
            }
            admitted = true;
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (admitted) {
                admitted = false;
                guard.leave(peer);
            }
            super.channelInactive(ctx);
        }
    }

    /** Inbound side: after the handshake, every decoded message goes to the receiver with the sender's address. */
    private final class InboundHandler extends ChannelInboundHandlerAdapter {
        private final Receiver receiver;
        private final InetAddress peer;
        private InetAddressAndPort from;

        InboundHandler(Receiver receiver, InetAddress peer) {
            this.receiver = receiver;
            this.peer = peer;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof HandshakeCompleted hc) {
                from = hc.initiate().from();
                log.debug("Inbound connection from " + from + " (" + hc.initiate().type() + ", messaging version "
                        + hc.version().id() + ")");
                // before the handshake its own timeout applies; after it, silence this long closes the connection
                long idle = options.inbound().idleTimeout().toMillis();
                ctx.pipeline().addFirst("idle", new IdleStateHandler(idle, 0, 0, TimeUnit.MILLISECONDS));
                if (hc.initiate().type().isStreaming()) {
                    // a Cassandra node streaming ranges from us (its bootstrap): bytes, not messages, from here on
                    ctx.pipeline().replace(this, "stream", new StreamFollower(from, log));
                    return;
                }
            } else if (evt instanceof IdleStateEvent) {
                log.debug("Closing inbound connection from " + (from != null ? from : peer.getHostAddress()) + ": silent for "
                        + options.inbound().idleTimeout().toSeconds() + " s");
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof Message m && from != null) {
                messagesReceived.increment();
                verbs.received(m.verb(), m.serializedSize(VERSION));
                receiver.receive(from, m);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            Throwable c = cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
            String who = from != null ? from + " (" + peer.getHostAddress() + ")" : peer.getHostAddress();
            // over a limit (ReceiveLimitException) or malformed: closed either way, and said once per address
            String why;
            if (c instanceof io.netty.handler.ssl.NotSslRecordException) {
                why = "it sent plain bytes to our TLS port (server_encryption_options requires TLS)";
            } else {
                io.gossippreflight.probe.net.tls.TlsFailure tls = io.gossippreflight.probe.net.tls.TlsFailure.classify(c,
                        who, security.tls() != null && security.tls().canServe());
                why = tls != null ? tls.toString() : c.getMessage();
            }
            guard.logOnce(peer, "Closing inbound connection from " + who + ": " + why);
            ctx.close();
        }
    }
}
