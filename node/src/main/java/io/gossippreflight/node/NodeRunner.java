package io.gossippreflight.node;

import io.gossippreflight.node.admin.AdminServer;
import io.gossippreflight.node.config.AdminAccess;
import io.gossippreflight.node.config.NodeConfig;
import io.gossippreflight.node.gossip.ShadowRoundException;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.log.WriterLog;
import io.gossippreflight.config.CassandraConfig;
import io.gossippreflight.config.ConfigException;
import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.node.net.NettyTransport;
import io.gossippreflight.node.net.Security;
import io.gossippreflight.probe.net.tls.InternodeTls;
import io.gossippreflight.node.preflight.SeedPreflight;
import io.gossippreflight.node.store.NodeStore;
import io.gossippreflight.time.Clock;
import io.gossippreflight.time.LoopScheduler;
import io.gossippreflight.time.SystemClock;
import io.gossippreflight.wire.gossip.HostAndPort;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real node process: config → data directory, log (file + stderr), event loop, Netty
 * transport, admin API, {@link GossipNode}. {@link #start} returns once gossip runs (or throws
 * why it could not); {@link #close} stops it gracefully.
 */
public final class NodeRunner implements AutoCloseable {
    /** Whether to pre-flight the seeds with the probe before gossiping, and whether to clamp on a black hole. */
    public enum Preflight {
        OFF, CHECK, CHECK_AND_CLAMP
    }

    private final NodeConfig config;
    private final List<InetAddressAndPort> seeds;
    private final NodeLog log;
    private final AutoCloseable logSink;
    private final LoopScheduler loop;
    private final NettyTransport transport;
    private final GossipNode node;
    private final AdminServer admin;
    private volatile io.gossippreflight.probe.metrics.MetricsEndpoint metrics;
    private volatile List<io.gossippreflight.probe.check.TargetReport> preflightReports = List.of();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private NodeRunner(NodeConfig config, NodeLog log, AutoCloseable logSink, Clock clock) {
        this.config = config;
        this.log = log;
        this.logSink = logSink;
        InetAddressAndPort address = resolve(HostAndPort.parse(config.listenAddress(), config.storagePort()), "listen_address");
        List<InetAddressAndPort> seedList = new ArrayList<>();
        for (HostAndPort s : config.seeds()) {
            seedList.add(resolve(s, "seed_provider seeds"));
        }
        this.seeds = List.copyOf(seedList);
        NodeStore store = new NodeStore(config.dataDirectory());
        config.notices().forEach(n -> log.warn("Config: " + n));
        Security security = security(config);
        NodeSettings settings = new NodeSettings(address, seeds, config.numTokens(), config.dc(), config.rack(),
                NodeSettings.DEFAULT_RELEASE_VERSION, 9042, config.gossipConfig(), security.policy().currentVersion().id());
        this.loop = new LoopScheduler("gossip-" + address.port(), e -> log.error("Gossip task failed: " + e), clock);
        this.transport = new NettyTransport(address, log, NettyTransport.Options.DEFAULTS.withInbound(config.inbound()),
                security);
        this.node = new GossipNode(settings, loop, transport, new SecureRandom(), log, store);
        transport.setPlacements(PeerPlacements.of(node));
        Duration ops = config.gossipConfig().ringDelay().multipliedBy(4).plusMinutes(2);
        String snitch = config.snitch().contains(".") ? config.snitch() : "org.apache.cassandra.locator." + config.snitch();
        this.admin = new AdminServer(node, config.adminAddress(), config.adminPort(), snitch, () -> List.copyOf(warnings),
                transport::traffic, transport::inbound, ops, log, AdminServer.Options.DEFAULTS.withToken(adminToken(config, log)));
    }

    /**
     * TLS, compression and messaging versions from the config (Cassandra's rules in
     * {@link InternodePolicy}); a keystore or truststore that cannot be used is bad input.
     */
    public static Security security(NodeConfig config) {
        CassandraConfig c = config.cassandra();
        InternodePolicy policy = InternodePolicy.of(c);
        ServerEncryption enc = c.encryption();
        boolean keystore = enc.factoryParameters().containsKey("private_key")
                || (enc.keystore() != null && Files.exists(Path.of(enc.keystore())));
        InternodePolicy.ListenerTls listener = policy.listenerTls(keystore);
        if (!enc.enabled() && listener == InternodePolicy.ListenerTls.NONE) {
            return new Security(policy, null, listener, ep -> Security.Placement.UNKNOWN);
        }
        if (!keystore) {
            throw new NodeInputException(config.source() + ": server_encryption_options.keystore " + enc.keystore()
                    + ": no such file; internode_encryption " + enc.internodeEncryption().name().toLowerCase(java.util.Locale.ROOT)
                    + " needs this node's certificate and key there (store_type " + enc.storeType() + ")");
        }
        InternodeTls tls;
        try {
            tls = InternodeTls.of(enc, true);
        } catch (ConfigException e) {
            throw new NodeInputException(config.source() + ": " + e.getMessage(), e);
        }
        return new Security(policy, tls, listener, ep -> Security.Placement.UNKNOWN);
    }

    /**
     * Starts a node and waits until it gossips (at most the shadow round's budget plus a
     * margin). Throws {@link ShadowRoundException} when no seed answered, or the node's own
     * input / environment exceptions.
     */
    public static NodeRunner start(NodeConfig config, PrintWriter stderr, NodeLog.Level level) {
        return start(config, stderr, level, Preflight.OFF, o -> { });
    }

    /**
     * As {@link #start(NodeConfig, PrintWriter, NodeLog.Level)}, first checking the path to the
     * seeds with the probe ({@code onPreflight} gets what it found, before gossip starts). With
     * CHECK_AND_CLAMP a black hole becomes an MSS clamp on our own connections, announced loudly.
     * If the shadow round then fails, the failure carries the probe's verdict on each seed.
     */
    public static NodeRunner start(NodeConfig config, PrintWriter stderr, NodeLog.Level level, Preflight preflight,
            java.util.function.Consumer<SeedPreflight.Outcome> onPreflight) {
        return start(config, stderr, level, preflight, onPreflight, SystemClock.INSTANCE);
    }

    /**
     * As above, with the node's clock given: its wall time makes generations, LEFT expiry times and
     * log stamps (the chaos tests skew it to play a host whose clock jumps). Logs to the log file of
     * the config and {@code stderr}.
     */
    public static NodeRunner start(NodeConfig config, PrintWriter stderr, NodeLog.Level level, Preflight preflight,
            java.util.function.Consumer<SeedPreflight.Outcome> onPreflight, Clock clock) {
        String name = resolve(HostAndPort.parse(config.listenAddress(), config.storagePort()), "listen_address").toString();
        PrintWriter logFile;
        try {
            Files.createDirectories(config.logFile().toAbsolutePath().getParent());
            logFile = new PrintWriter(Files.newBufferedWriter(config.logFile(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw new NodeEnvironmentException("cannot write the log file " + config.logFile() + ": " + e.getMessage()
                    + " (set log_file in node.yaml to a writable path)", e);
        }
        return start(config, new WriterLog(clock, name, level, List.of(logFile, stderr)), logFile, preflight,
                onPreflight, clock);
    }

    /**
     * As above, logging to {@code log} (the process's SLF4J backend: {@code preflight node start}),
     * closing {@code logSink} when the node stops. One node per log: several nodes in one JVM (tests)
     * use the WriterLog form.
     */
    public static NodeRunner start(NodeConfig config, NodeLog log, AutoCloseable logSink, Preflight preflight,
            java.util.function.Consumer<SeedPreflight.Outcome> onPreflight) {
        return start(config, log, logSink, preflight, onPreflight, SystemClock.INSTANCE);
    }

    /** As above, with the node's clock given (see the PrintWriter form). */
    public static NodeRunner start(NodeConfig config, NodeLog log, AutoCloseable logSink, Preflight preflight,
            java.util.function.Consumer<SeedPreflight.Outcome> onPreflight, Clock clock) {
        NodeRunner r = new NodeRunner(config, log, logSink, clock);
        SeedPreflight.Outcome outcome = SeedPreflight.Outcome.NONE;
        try {
            r.log.info("Starting gossip-preflight node from " + config.source() + ": cluster '" + config.clusterName()
                    + "', dc " + config.dc() + ", rack " + config.rack() + ", seeds " + config.seeds());
            if (preflight != Preflight.OFF) {
                outcome = SeedPreflight.run(config, r.node.address(), r.seeds, preflight == Preflight.CHECK_AND_CLAMP,
                        r.log::info);
                onPreflight.accept(outcome);
                r.apply(outcome);
            }
            r.admin.start();
            r.startMetrics();
            r.transport.start((from, m) -> r.loop.execute(() -> r.node.gossiper().receive(from, m)));
            Duration budget = config.gossipConfig().ringDelay().multipliedBy(2).plusSeconds(30);
            r.node.start().get(budget.toMillis(), TimeUnit.MILLISECONDS);
            return r;
        } catch (ExecutionException e) {
            r.shutdownQuietly();
            Throwable c = e.getCause();
            if (c instanceof ShadowRoundException sre && !outcome.verdicts().isEmpty()) {
                throw sre.withDetail("pre-flight: " + String.join("; ", outcome.verdicts().entrySet().stream()
                        .map(v -> v.getKey() + ": " + v.getValue()).toList()));
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new NodeEnvironmentException("node start failed: " + c, c);
        } catch (TimeoutException e) {
            r.shutdownQuietly();
            throw new NodeEnvironmentException("node did not start within the shadow round budget; see " + config.logFile(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.shutdownQuietly();
            throw new NodeEnvironmentException("interrupted while starting", e);
        } catch (RuntimeException e) {
            r.shutdownQuietly();
            throw e;
        }
    }

    /** Serves /metrics when metrics_address is set (docs/node.md, "Metrics"). */
    private void startMetrics() {
        String at = config.metricsAddress();
        if (at == null) {
            return;
        }
        io.gossippreflight.node.metrics.NodeMetrics m = new io.gossippreflight.node.metrics.NodeMetrics(() -> {
            try {
                return node.read(() -> io.gossippreflight.node.metrics.MembershipView.of(node)).get(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException e) {
                return null; // a loop too busy to answer: membership is left out of this scrape
            }
        }, () -> transport.verbTraffic().snapshot(), () -> preflightReports);
        try {
            metrics = io.gossippreflight.probe.metrics.MetricsEndpoint.start(at, NodeConfig.DEFAULT_METRICS_PORT,
                    m.registry(), "metrics_address");
        } catch (io.gossippreflight.probe.ProbeException e) {
            if (e.kind() == io.gossippreflight.probe.ProbeException.Kind.USAGE) {
                throw new NodeInputException(e.getMessage());
            }
            throw new NodeEnvironmentException(e.getMessage(), e);
        }
        HostAndPort h = HostAndPort.parse(at, NodeConfig.DEFAULT_METRICS_PORT, 0);
        log.info("Metrics for Prometheus on http://" + (h.host().contains(":") ? "[" + h.host() + "]" : h.host()) + ":"
                + metrics.port() + "/metrics");
        if (!AdminAccess.isLoopback(h.host())) {
            log.warn("Metrics on " + at + " listen beyond loopback: the page names every peer of the cluster; keep "
                    + "metrics_address on 127.0.0.1 unless Prometheus scrapes from another host");
        }
    }

    /** The port /metrics is served on, or -1 when metrics_address is not set. */
    public int metricsPort() {
        var m = metrics;
        return m == null ? -1 : m.port();
    }

    /** Applies the pre-flight's clamps and warnings (before the transport binds). */
    private void apply(SeedPreflight.Outcome o) {
        preflightReports = o.reports();
        o.outboundMss().forEach((peer, mss) -> transport.setPeerSettings(peer, new NettyTransport.PeerSettings(mss)));
        transport.setListenerMaxSegmentSize(o.listenerMss());
        o.warnings().forEach(this::addWarning);
        o.verdicts().forEach((seed, v) -> log.info("pre-flight " + seed + ": " + v));
    }

    /** What the node's transport has carried so far (the counters {@code /v1/stats} reports). */
    public NettyTransport.Traffic traffic() {
        return transport.traffic();
    }

    /** What the node's inbound connections hold now. */
    public NettyTransport.Inbound inbound() {
        return transport.inbound();
    }

    public GossipNode node() {
        return node;
    }

    public NodeLog log() {
        return log;
    }

    public int adminPort() {
        return admin.port();
    }

    /** Adds a line every status view shows (e.g. an MSS clamp that needs the real fix). */
    public void addWarning(String w) {
        warnings.add(w);
        log.warn(w);
    }

    /** Blocks until {@link #close} has run. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /** Graceful stop: announce shutdown, wait for it to go out, release everything. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        try {
            node.stop().get(config.gossipConfig().shutdownAnnounceDelay().plusSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("Graceful stop did not complete: " + e);
        }
        shutdownQuietly();
    }

    private void shutdownQuietly() {
        var m = metrics;
        if (m != null) {
            m.close();
        }
        admin.close();
        transport.close();
        loop.shutdown();
        log.info("Node process stopped");
        try {
            logSink.close();
        } catch (Exception e) {
            // the log is gone with the node; nothing left to tell it to
        }
        closed.countDown();
    }

    /** An address from the config: an IP literal ({@code ip}, {@code ip:port}, {@code [v6]:port}) or a host name. */
    static InetAddressAndPort resolve(HostAndPort h, String key) {
        try {
            return h.resolve();
        } catch (IllegalArgumentException e) {
            throw new NodeInputException(key + " '" + h + "': " + e.getMessage());
        }
    }

    /**
     * The admin API's token: read from (or first written to) the token file when the config names
     * one or the API listens beyond loopback, which is then said loudly at start.
     */
    private static String adminToken(NodeConfig config, NodeLog log) {
        if (config.adminTokenFile() == null) {
            return null;
        }
        String token = AdminAccess.loadOrCreate(config.adminTokenFile());
        String perms = AdminAccess.permissionWarning(config.adminTokenFile());
        if (perms != null) {
            log.warn(perms);
        }
        if (!AdminAccess.isLoopback(config.adminAddress())) {
            log.warn("Admin API on " + config.adminAddress() + ":" + config.adminPort() + " listens beyond loopback: every "
                    + "request needs the token in " + config.adminTokenFile() + " (decommission, removenode and assassinate "
                    + "change the cluster); keep admin_address: 127.0.0.1 unless remote nodetool-style access is needed");
        }
        return token;
    }
}
