package io.gossippreflight.cli.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.cli.Main;
import io.gossippreflight.fixtures.Promtool;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.GatewayRules;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabProcess;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's package) scrapes {@code probe watch} at b, with the alert rules of
 * docs/prometheus, while the path to a flips from healthy (tunnel MTU 9001) to a black hole (the
 * tunnel shrinks to 1422 and both gateways drop their ICMP) and back: PathMtuBlackHole fires, then
 * resolves. Scrape and evaluation every second, a check every two.
 */
@Tag("lab")
class WatchPrometheusLabTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int METRICS_PORT = 19464;
    private static final int PROMETHEUS_PORT = 19090;

    @TempDir
    Path dir;

    @Test
    void theBlackHoleAlertFiresAndResolves() throws Exception {
        LabSupport.assumeLab();
        Promtool.assume();
        Lab lab = LabSupport.lab();
        lab.up(Topology.VPN, LabOptions.defaults().withTunnelMtu(LabOptions.DEFAULT_NODE_MTU));
        lab.resetPmtu();
        Path rules = Path.of("..", "docs", "prometheus", "preflight-alerts.yml").toAbsolutePath().normalize();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:", "  scrape_interval: 1s", "  evaluation_interval: 1s",
                "rule_files:", "  - " + rules,
                "scrape_configs:", "  - job_name: preflight-watch", "    static_configs:",
                "      - targets: ['127.0.0.1:" + METRICS_PORT + "']", ""));
        Path promLog = dir.resolve("prometheus.log");
        Process prometheus = null;
        try (LabProcess responder = LabProcess.start(lab, LabHosts.A, LabSupport.java(Main.class.getName(), "probe",
                "serve", "--listen", LabHosts.A_V4 + ":7000"), "listening on", Duration.ofSeconds(30));
                LabProcess watch = LabProcess.start(lab, LabHosts.B, withStderr(LabSupport.java(Main.class.getName(),
                        "probe", "watch", LabHosts.A_V4 + ":7000", "--interval", "2s", "--metrics",
                        "127.0.0.1:" + METRICS_PORT)), "serving metrics on", Duration.ofSeconds(30))) {
            prometheus = lab.spawn(LabHosts.B, List.of("prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + PROMETHEUS_PORT,
                    "--log.level=warn"), ProcessBuilder.Redirect.DISCARD, ProcessBuilder.Redirect.to(promLog.toFile()));
            String passing = "preflight_path_passed == 1";
            String firing = "ALERTS{alertname=\"PathMtuBlackHole\",alertstate=\"firing\"}";
            long t0 = System.nanoTime();
            await(lab, passing, r -> r.contains("preflight-watch"), "the healthy path scraped", promLog, watch);
            await(lab, firing, r -> !r.contains("PathMtuBlackHole"), "no alert while healthy", promLog, watch);
            long healthy = System.nanoTime();

            flip(lab, true);
            String fired = await(lab, firing, r -> r.contains("direction=\"outbound\"") && r.contains("direction=\"inbound\""),
                    "PathMtuBlackHole firing both ways", promLog, watch);
            long black = System.nanoTime();
            assertTrue(fired.contains("severity=\"critical\""), fired);

            flip(lab, false);
            await(lab, firing, r -> !r.contains("PathMtuBlackHole"), "the alert resolved", promLog, watch);
            await(lab, passing, r -> r.contains("preflight-watch"), "the path passes again", promLog, watch);
            long resolved = System.nanoTime();
            String log = watch.output();
            assertTrue(log.contains("verdict changed: us → target HEALTHY") && log.contains("BLACK_HOLE 1422"), log);
            assertTrue(log.contains("verdict changed: us → target BLACK_HOLE 1422"), log);
            System.out.printf("watch+prometheus: healthy seen after %.1f s, alert fired %.1f s after the flip, "
                    + "resolved %.1f s after the fix%n", (healthy - t0) / 1e9, (black - healthy) / 1e9, (resolved - black) / 1e9);
        } finally {
            if (prometheus != null) {
                prometheus.destroy();
                prometheus.waitFor();
            }
            flip(lab, false);
        }
    }

    /** The watch logs its verdict changes on stderr: keep them with its stdout. */
    private static List<String> withStderr(List<String> argv) {
        List<String> out = new java.util.ArrayList<>(List.of("sh", "-c", "exec \"$0\" \"$@\" 2>&1"));
        out.addAll(argv);
        return out;
    }

    private static void flip(Lab lab, boolean blackHole) {
        for (String gw : List.of(LabHosts.GA, LabHosts.GB)) {
            ExecResult r = lab.sh(gw, GatewayRules.blackHoleScript(blackHole, LabOptions.DEFAULT_TUNNEL_MTU,
                    LabOptions.DEFAULT_NODE_MTU), Duration.ofSeconds(10));
            assertTrue(r.ok() || !blackHole, r.output());
        }
    }

    /** Asks Prometheus (promtool query, inside b) until {@code ok} holds of the answer; fails after WAIT. */
    private static String await(Lab lab, String query, Predicate<String> ok, String what, Path promLog, LabProcess watch)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            ExecResult r = lab.exec(LabHosts.B, List.of("promtool", "query", "instant",
                    "http://127.0.0.1:" + PROMETHEUS_PORT, query), Duration.ofSeconds(10));
            last = r.output();
            if (r.ok() && ok.test(r.stdout())) {
                return r.stdout();
            }
            Thread.sleep(500); // polling a real Prometheus: its evaluation runs on its own clock
        }
        throw new AssertionError("not within " + WAIT + ": " + what + "\nlast answer to " + query + ": " + last
                + "\n--- watch:\n" + watch.output() + "\n--- prometheus:\n"
                + (Files.exists(promLog) ? Files.readString(promLog) : ""));
    }
}
