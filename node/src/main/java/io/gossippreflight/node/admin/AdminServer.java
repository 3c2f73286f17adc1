package io.gossippreflight.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.BindFailures;
import io.gossippreflight.node.net.NettyTransport;
import io.gossippreflight.wire.gossip.HostAndPort;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The node's admin API (what JMX is to nodetool), HTTP + JSON on loopback by default:
 * {@code GET /v1/cluster}, {@code GET /v1/stats}, {@code POST /v1/decommission},
 * {@code POST /v1/removenode?hostId=}, {@code POST /v1/assassinate?address=}. Routes match exactly
 * ({@link AdminRoutes}); unknown paths are 404, a wrong method 405. Operations answer when they
 * finish; a refused one is 409 with {@code {"error": "..."}}, anything else failing 500.
 *
 * <p>Built on Netty's HTTP codec rather than the JDK's HttpServer: the JDK server reads request
 * headers on its worker threads, so a few clients trickling headers take every thread, and its
 * only request timeouts are JVM-wide system properties. Here a connection costs no thread, each
 * request must arrive whole within {@link Options#requestTimeout} of the connection opening (or
 * of the previous answer), the request line, headers and body are bounded, connections are
 * capped, and a request is only read once the previous one on its connection is answered.
 */
public final class AdminServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param token          the token every request must carry ({@code Authorization: Bearer}), null for none
     * @param requestTimeout a request's line, headers and body must all arrive within this
     * @param maxBodyBytes   the largest request body read (the API takes none; a bound, not a feature)
     * @param maxConnections open connections at once; more are closed at once
     */
    public record Options(String token, Duration requestTimeout, int maxBodyBytes, int maxConnections) {
        public static final Options DEFAULTS = new Options(null, Duration.ofSeconds(10), 8 << 10, 256);

        public Options withToken(String t) {
            return new Options(t, requestTimeout, maxBodyBytes, maxConnections);
        }
    }

    static final int MAX_INITIAL_LINE = 4096;
    static final int MAX_HEADER_BYTES = 8192;

    private final String host;
    private final int requestedPort;
    private final NodeLog log;
    private final Duration operationTimeout;
    private final Options options;
    private final AdminRoutes routes;
    private final EventLoopGroup group;
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Channel server;

    public AdminServer(GossipNode node, String host, int port, String snitch, Supplier<List<String>> warnings,
            Supplier<NettyTransport.Traffic> traffic, Supplier<NettyTransport.Inbound> inbound, Duration operationTimeout,
            NodeLog log, Options options) {
        this.host = host;
        this.requestedPort = port;
        this.log = log;
        this.operationTimeout = operationTimeout;
        this.options = options;
        this.routes = new AdminRoutes(List.of(
                new AdminRoutes.Route("GET", "/v1/cluster", Set.of(), q -> node.read(
                        () -> ClusterViews.of(node, snitch, warnings.get()))),
                new AdminRoutes.Route("GET", "/v1/stats", Set.of(), q -> node.read(() -> stats(node, traffic.get(), inbound.get()))),
                new AdminRoutes.Route("POST", "/v1/decommission", Set.of(), q -> message(node.decommission())),
                new AdminRoutes.Route("POST", "/v1/removenode", Set.of("hostId"), q -> {
                    String id = q.get("hostId");
                    UUID hostId;
                    try {
                        hostId = UUID.fromString(String.valueOf(id));
                    } catch (IllegalArgumentException e) {
                        throw new NodeInputException("'" + id + "' is not a host ID (a UUID as shown by 'preflight node status')");
                    }
                    return message(node.removeNode(hostId));
                }),
                new AdminRoutes.Route("POST", "/v1/assassinate", Set.of("address"), q -> {
                    String a = q.get("address");
                    try {
                        return message(node.assassinate(HostAndPort.parse(String.valueOf(a), node.address().port()).literal()));
                    } catch (IllegalArgumentException e) {
                        throw new NodeInputException("'" + a + "' is not an IP address: " + e.getMessage());
                    }
                })));
        this.group = new NioEventLoopGroup(1, new DefaultThreadFactory("admin-" + port, true));
    }

    private static NodeStats stats(GossipNode node, NettyTransport.Traffic t, NettyTransport.Inbound in) {
        var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new NodeStats(node.gossiper().roundsRun(), node.gossiper().endpoints().size(),
                node.gossiper().endpoints().live().size() + 1, t.messagesSent(), t.messageBytesSent(), t.bytesSent(),
                t.messagesReceived(), t.bytesReceived(), processCpuNanos(), jitMillis(), gcMillis(),
                ManagementFactory.getRuntimeMXBean().getUptime(), heap.getUsed(), heap.getMax(), in.connections(),
                in.heldBytes(), in.closedOverLimits());
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static long jitMillis() {
        var jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    private static long gcMillis() {
        long ms = 0;
        for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ms += Math.max(0, gc.getCollectionTime());
        }
        return ms;
    }

    /** Binds and serves; a port in use or an address not of this host is a one-line {@link NodeEnvironmentException}. */
    public AdminServer start() {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 64)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, 8192));
                        ch.pipeline().addLast("aggregate", new HttpObjectAggregator(options.maxBodyBytes()));
                        ch.pipeline().addLast("admin", new AdminHandler(AdminServer.this));
                    }
                });
        InetSocketAddress at;
        try {
            at = new InetSocketAddress(HostAndPort.parse(host, requestedPort, 0).resolve().address(), requestedPort);
        } catch (IllegalArgumentException e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new NodeInputException("admin_address '" + host + "': " + e.getMessage());
        }
        try {
            server = b.bind(at).syncUninterruptibly().channel();
        } catch (Exception e) { // Netty rethrows the bind's IOException unchecked
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw BindFailures.of(e, at, "the admin API", "admin_address", "admin_port");
        }
        log.info("Admin API listening on " + HostAndPort.parse(host, port(), 0).host() + ":" + port()
                + (options.token() != null ? " (requests need the admin token)" : ""));
        return this;
    }

    public int port() {
        Channel s = server;
        return s == null ? requestedPort : ((InetSocketAddress) s.localAddress()).getPort();
    }

    Options options() {
        return options;
    }

    AdminRoutes routes() {
        return routes;
    }

    NodeLog log() {
        return log;
    }

    Duration operationTimeout() {
        return operationTimeout;
    }

    AtomicInteger connections() {
        return connections;
    }

    private static CompletableFuture<Map<String, String>> message(CompletableFuture<String> f) {
        return f.thenApply(m -> Map.of("message", m));
    }

    @Override
    public void close() {
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
