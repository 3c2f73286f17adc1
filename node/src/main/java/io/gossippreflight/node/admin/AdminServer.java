package io.gossippreflight.node.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.NettyTransport;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The node's admin API (what JMX is to nodetool), plain HTTP + JSON on loopback by default:
 * {@code GET /v1/cluster}, {@code GET /v1/stats}, {@code POST /v1/decommission}, {@code POST /v1/removenode?hostId=},
 * {@code POST /v1/assassinate?address=}. Operations answer when they finish; a refused one is
 * HTTP 409 with {@code {"error": "..."}}, anything else failing is 500.
 */
public final class AdminServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    private final GossipNode node;
    private final NodeLog log;
    private final Supplier<List<String>> warnings;
    private final String snitch;
    private final Duration operationTimeout;
    private final HttpServer server;
    private final ExecutorService handlers;

    public AdminServer(GossipNode node, String host, int port, String snitch, Supplier<List<String>> warnings,
            Supplier<NettyTransport.Traffic> traffic, Duration operationTimeout, NodeLog log) {
        this.node = node;
        this.log = log;
        this.snitch = snitch;
        this.warnings = warnings;
        this.operationTimeout = operationTimeout;
        try {
            this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new NodeEnvironmentException("cannot open the admin API on " + host + ":" + port + ": " + e.getMessage()
                    + " (set admin_port in node.yaml to a free port)", e);
        }
        this.handlers = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "admin-" + port);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/v1/cluster", ex -> handle(ex, "GET", () -> node.read(
                () -> ClusterViews.of(node, snitch, warnings.get()))));
        server.createContext("/v1/stats", ex -> handle(ex, "GET", () -> node.read(() -> {
            NettyTransport.Traffic t = traffic.get();
            return new NodeStats(node.gossiper().roundsRun(), node.gossiper().endpoints().size(),
                    node.gossiper().endpoints().live().size() + 1, t.messagesSent(), t.messageBytesSent(), t.bytesSent(),
                    t.messagesReceived(), t.bytesReceived(), processCpuNanos(), jitMillis(), gcMillis(),
                    ManagementFactory.getRuntimeMXBean().getUptime());
        })));
        server.createContext("/v1/decommission", ex -> handle(ex, "POST", () -> message(node.decommission())));
        server.createContext("/v1/removenode", ex -> handle(ex, "POST", () -> {
            String id = query(ex).get("hostId");
            UUID hostId;
            try {
                hostId = UUID.fromString(String.valueOf(id));
            } catch (IllegalArgumentException e) {
                throw new NodeInputException("'" + id + "' is not a host ID (a UUID as shown by 'preflight node status')");
            }
            return message(node.removeNode(hostId));
        }));
        server.createContext("/v1/assassinate", ex -> handle(ex, "POST", () -> {
            String a = query(ex).get("address");
            try {
                return message(node.assassinate(GossipNode.parseHostPort(String.valueOf(a), node.address().port())));
            } catch (IllegalArgumentException e) {
                throw new NodeInputException("'" + a + "' is not an IP address: " + e.getMessage());
            }
        }));
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

    public AdminServer start() {
        server.start();
        log.info("Admin API listening on " + server.getAddress().getAddress().getHostAddress() + ":" + port());
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static CompletableFuture<Map<String, String>> message(CompletableFuture<String> f) {
        return f.thenApply(m -> Map.of("message", m));
    }

    private void handle(HttpExchange ex, String method, Supplier<CompletableFuture<?>> work) throws IOException {
        // not try-with-resources: the exchange must stay open for the error replies below
        try {
            if (!ex.getRequestMethod().equals(method)) {
                reply(ex, 405, Map.of("error", "use " + method + " for " + ex.getRequestURI().getPath()));
                return;
            }
            Object result;
            try {
                result = work.get().get(operationTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            }
            reply(ex, 200, result);
        } catch (NodeInputException e) {
            reply(ex, 409, Map.of("error", e.getMessage()));
        } catch (TimeoutException e) {
            reply(ex, 504, Map.of("error", "the operation did not finish within " + operationTimeout.toSeconds()
                    + " s; it may still be running: check 'preflight node status'"));
        } catch (Throwable e) {
            log.error("Admin request " + ex.getRequestURI() + " failed: " + e);
            Map<String, String> body = new HashMap<>();
            body.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
            reply(ex, 500, body);
        } finally {
            ex.close();
        }
    }

    private static void reply(HttpExchange ex, int code, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(bytes);
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdownNow();
    }
}
