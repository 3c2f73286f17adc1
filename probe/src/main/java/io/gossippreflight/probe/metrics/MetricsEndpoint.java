package io.gossippreflight.probe.metrics;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.wire.gossip.HostAndPort;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code /metrics} for Prometheus (text and OpenMetrics formats), served by the official client's
 * small HTTP server. Two threads and a queue of 16: a scrape is cheap, and a client that opens
 * more connections than that is refused rather than given threads. It answers only GET of the
 * metrics; nothing it receives changes anything.
 */
public final class MetricsEndpoint implements AutoCloseable {
    /** The port {@code probe watch --metrics ADDRESS} serves on when ADDRESS names none. */
    public static final int DEFAULT_PORT = 9464;

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /**
     * Serves {@code registry} at {@code ADDRESS[:PORT]} ({@code what} names the option in errors).
     * Port 0 picks a free one.
     */
    public static MetricsEndpoint start(String address, int defaultPort, PrometheusRegistry registry, String what) {
        InetSocketAddress at = parse(address, defaultPort, what);
        ThreadPoolExecutor pool = new ThreadPoolExecutor(2, 2, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(16),
                r -> {
                    Thread t = new Thread(r, "metrics-http");
                    t.setDaemon(true);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        try {
            return new MetricsEndpoint(HTTPServer.builder().inetAddress(at.getAddress()).port(at.getPort())
                    .registry(registry).executorService(pool).buildAndStart());
        } catch (BindException e) {
            pool.shutdownNow();
            throw ProbeException.environment(what + " " + address + ": cannot listen there (" + e.getMessage()
                    + "): the port is in use or the address is not of this host; choose another", e);
        } catch (IOException e) {
            pool.shutdownNow();
            throw ProbeException.environment(what + " " + address + ": cannot serve metrics: " + e.getMessage(), e);
        }
    }

    static InetSocketAddress parse(String address, int defaultPort, String what) {
        HostAndPort h;
        try {
            h = HostAndPort.parse(address, defaultPort, 0);
        } catch (IllegalArgumentException e) {
            throw ProbeException.usage(what + " '" + address + "': " + e.getMessage()
                    + " (give ADDRESS[:PORT], e.g. 127.0.0.1:" + defaultPort + ")");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(h.host()), h.port());
        } catch (UnknownHostException e) {
            throw ProbeException.usage(what + " '" + address + "': the address does not resolve");
        }
    }

    /** The port it listens on (the chosen one when asked for 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
