package io.gossippreflight.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.Promtool;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.LoopbackNodes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node's /metrics: two real nodes on loopback, scraped as Prometheus does, checked by promtool. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeMetricsTest {
    @TempDir
    Path dir;

    private static String scrape(int port) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static double value(String page, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(page);
        assertTrue(m.find(), "no " + series + " in\n" + page);
        return Double.parseDouble(m.group(1));
    }

    private static Path withMetrics(Path cfg) throws Exception {
        Files.writeString(cfg, Files.readString(cfg) + "metrics_address: 127.0.0.1:0\n");
        return cfg;
    }

    @Test
    void twoNodesAsPrometheusSeesThem() throws Exception {
        int seedPort = LoopbackNodes.freePort();
        int otherPort = LoopbackNodes.freePort();
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        Path seedCfg = withMetrics(LoopbackNodes.config(dir.resolve("seed"), "metrics test", seedPort, seedPort,
                LoopbackNodes.freePort()));
        try (NodeRunner seed = NodeRunner.start(NodeConfigLoader.load(seedCfg), quiet, NodeLog.Level.INFO)) {
            int port = seed.metricsPort();
            assertTrue(port > 0);
            String other = "127.0.0.1:" + otherPort;
            try (NodeRunner o = NodeRunner.start(NodeConfigLoader.load(LoopbackNodes.config(dir.resolve("other"),
                    "metrics test", otherPort, seedPort, LoopbackNodes.freePort())), quiet, NodeLog.Level.INFO)) {
                assertEquals(-1, o.metricsPort(), "off unless metrics_address is set");
                String page = awaitPage(port, p -> p.contains("preflight_node_endpoints{state=\"live\"} 2")
                        && p.contains("preflight_node_peer_phi{peer=\"" + other + "\"")
                        && p.contains("preflight_node_peer_up{peer=\"" + other + "\",self=\"false\",status=\"NORMAL\"} 1"));
                assertEquals(1, value(page, "preflight_node_peer_up{peer=\"" + other + "\",self=\"false\",status=\"NORMAL\"}"));
                assertTrue(value(page, "preflight_node_peer_heartbeat_generation{peer=\"" + other + "\",self=\"false\"}")
                        > 1_600_000_000);
                assertTrue(value(page, "preflight_node_peer_heartbeat_version{peer=\"" + other + "\",self=\"false\"}") > 0);
                assertTrue(value(page, "preflight_node_peer_phi{peer=\"" + other + "\",self=\"false\"}") >= 0);
                assertFalse(page.contains("preflight_node_peer_phi{peer=\"127.0.0.1:" + seedPort), "no phi of itself");
                assertEquals(0, value(page, "preflight_node_endpoints{state=\"down\"}"));
                assertTrue(value(page, "preflight_node_gossip_messages_total{direction=\"received\",verb=\"GOSSIP_DIGEST_SYN\"}") >= 1);
                assertTrue(value(page, "preflight_node_gossip_message_bytes_total{direction=\"sent\",verb=\"GOSSIP_DIGEST_ACK\"}") > 100);
                assertTrue(value(page, "preflight_node_gossip_rounds_total") >= 1);
                assertTrue(page.contains("preflight_node_gossip_round_duration_seconds "), page);
                Promtool.assume();
                ExecResult check = Promtool.checkMetrics(page);
                assertTrue(check.ok(), check.output() + "\n" + page);
            }
            // the other node announced its shutdown: down, not left
            String after = awaitPage(port, p -> p.contains("preflight_node_endpoints{state=\"down\"} 1"));
            assertEquals(1, value(after, "preflight_node_endpoints{state=\"live\"}"));
            assertEquals(0, value(after, "preflight_node_peer_up{peer=\"" + other + "\",self=\"false\",status=\"shutdown\"}"));
        }
    }

    /** Scrapes until {@code ok} (gossip converges on its own clock); bounded. */
    private static String awaitPage(int port, java.util.function.Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String page = "";
        while (System.nanoTime() < deadline) {
            page = scrape(port);
            if (ok.test(page)) {
                return page;
            }
            Thread.sleep(200); // real nodes gossip once a second
        }
        throw new AssertionError("not within 60 s:\n" + page);
    }

    @Test
    void leftEndpointsAndThePreflightVerdictPerSeed() throws Exception {
        MembershipView view = new MembershipView(List.of(
                new MembershipView.Peer("198.18.1.2:7000", true, true, "NORMAL", 1_700_000_000, 40, null),
                new MembershipView.Peer("198.18.1.3:7000", false, true, "NORMAL", 1_700_000_001, 38, 0.4),
                new MembershipView.Peer("198.18.1.4:7000", false, false, "LEFT", 1_700_000_002, 90, 9.5)), 2, 0, 1, 40,
                1_200_000);
        var reports = List.of(io.gossippreflight.node.metrics.Reports.blackHole("198.18.1.3:7000"));
        NodeMetrics m = new NodeMetrics(() -> view, Map::of, () -> reports);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, m.registry().scrape());
        String page = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(1, value(page, "preflight_node_endpoints{state=\"left\"}"));
        assertEquals(9.5, value(page, "preflight_node_peer_phi{peer=\"198.18.1.4:7000\",self=\"false\"}"));
        assertEquals(0.0012, value(page, "preflight_node_gossip_round_duration_seconds"));
        assertEquals(0, value(page, "preflight_node_seed_preflight_passed{seed=\"198.18.1.3:7000\"}"));
        assertEquals(1, value(page,
                "preflight_node_seed_path_status{direction=\"outbound\",seed=\"198.18.1.3:7000\",status=\"BLACK_HOLE\"}"));
        assertEquals(1422, value(page, "preflight_node_seed_path_mtu_bytes{direction=\"outbound\",seed=\"198.18.1.3:7000\"}"));
        NodeMetrics busy = new NodeMetrics(() -> null, Map::of, List::of);
        out.reset();
        io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter.create().write(out, busy.registry().scrape());
        assertFalse(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("preflight_node_endpoints"),
                "a loop too busy to answer leaves membership out, never zeros");
        Promtool.assume();
        ExecResult check = Promtool.checkMetrics(page);
        assertTrue(check.ok(), check.output() + "\n" + page);
    }
}
