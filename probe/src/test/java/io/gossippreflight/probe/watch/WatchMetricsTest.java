package io.gossippreflight.probe.watch;

import static io.gossippreflight.probe.watch.WatchReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.Promtool;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.probe.metrics.MetricsEndpoint;
import io.gossippreflight.verdict.PathStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The metrics of probe watch as Prometheus scrapes them, through the real endpoint. */
class WatchMetricsTest {
    private static final TargetSpec T = new TargetSpec("198.18.1.2", 7000);

    private static String scrape(MetricsEndpoint m) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + m.port() + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        return r.body();
    }

    private static WatchEvent adopted(WatchEvent.Kind k, io.gossippreflight.probe.check.TargetReport r,
            io.gossippreflight.probe.check.TargetReport before) {
        return new WatchEvent(T, k, r, null, 1_700_000_000_000L, Duration.ofMillis(1500), true, before, before == null);
    }

    @Test
    void theLastVerdictPerPathAsMetrics() throws Exception {
        WatchMetrics m = new WatchMetrics(false);
        m.declare(T.toString());
        try (MetricsEndpoint e = MetricsEndpoint.start("127.0.0.1:0", MetricsEndpoint.DEFAULT_PORT, m.registry(), "--metrics")) {
            String empty = scrape(e);
            assertTrue(empty.contains("preflight_checks_total{kind=\"quick\",target=\"198.18.1.2:7000\"} 0"), empty);
            var healthy = report(PathStatus.HEALTHY, 9001);
            m.accept(adopted(WatchEvent.Kind.FULL, healthy, null));
            var bh = report(PathStatus.BLACK_HOLE, 1422, PathStatus.PMTUD_WORKS, 1400);
            m.accept(new WatchEvent(T, WatchEvent.Kind.QUICK, bh, null, 1_700_000_060_000L, Duration.ofMillis(400), false,
                    null, false));
            m.accept(adopted(WatchEvent.Kind.FULL, bh, healthy));
            String page = scrape(e);
            String t = "target=\"198.18.1.2:7000\"";
            assertTrue(page.contains("preflight_path_mtu_bytes{direction=\"outbound\"," + t + "} 1422"), page);
            assertTrue(page.contains("preflight_path_mtu_bytes{direction=\"inbound\"," + t + "} 1400"), page);
            assertTrue(page.contains("preflight_path_black_hole{direction=\"outbound\"," + t + "} 1"), page);
            assertTrue(page.contains("preflight_path_black_hole{direction=\"inbound\"," + t + "} 0"), page);
            assertTrue(page.contains("preflight_path_status{direction=\"outbound\",status=\"BLACK_HOLE\"," + t + "} 1"), page);
            assertTrue(page.contains("preflight_path_status{direction=\"outbound\",status=\"HEALTHY\"," + t + "} 0"), page);
            assertTrue(page.contains("preflight_path_status{direction=\"inbound\",status=\"PMTUD_WORKS\"," + t + "} 1"), page);
            assertTrue(page.contains("preflight_path_passed{" + t + "} 0"), page);
            assertTrue(page.contains("preflight_checks_total{kind=\"full\"," + t + "} 2"), page);
            assertTrue(page.contains("preflight_checks_total{kind=\"quick\"," + t + "} 1"), page);
            assertTrue(page.contains("preflight_checks_failed_total{" + t + "} 2"), page);
            assertTrue(page.contains("preflight_message_largest_crossing_bytes{direction=\"outbound\"," + t + "} 300"), page);
            assertTrue(page.contains("preflight_message_largest_needed_bytes{direction=\"inbound\"," + t + "} 5242"), page);
            assertTrue(page.contains("preflight_check_duration_seconds{kind=\"full\"," + t + "} 1.5"), page);
            assertTrue(page.contains("preflight_check_last_timestamp_seconds{" + t + "} 1.7E9")
                    || page.contains("preflight_check_last_timestamp_seconds{" + t + "} 1700000000"), page);

            m.accept(adopted(WatchEvent.Kind.FULL, report(PathStatus.UNREACHABLE, null), bh));
            String gone = scrape(e);
            assertFalse(gone.contains("preflight_path_mtu_bytes{direction=\"outbound\""),
                    "an MTU nobody knows is absent, not 0:\n" + gone);
            assertTrue(gone.contains("preflight_path_status{direction=\"outbound\",status=\"UNREACHABLE\"," + t + "} 1"), gone);

            Promtool.assume();
            ExecResult check = Promtool.checkMetrics(gone);
            assertTrue(check.ok(), check.output() + "\n" + gone);
        }
    }

    @Test
    void aBadOrBusyAddressIsAOneLineError() {
        ProbeException bad = org.junit.jupiter.api.Assertions.assertThrows(ProbeException.class,
                () -> MetricsEndpoint.start("127.0.0.1:http", 9464, new WatchMetrics(false).registry(), "--metrics"));
        assertEquals(ProbeException.Kind.USAGE, bad.kind());
        assertTrue(bad.getMessage().startsWith("--metrics '127.0.0.1:http'"), bad.getMessage());
        try (MetricsEndpoint e = MetricsEndpoint.start("127.0.0.1:0", 9464, new WatchMetrics(false).registry(), "--metrics")) {
            ProbeException busy = org.junit.jupiter.api.Assertions.assertThrows(ProbeException.class,
                    () -> MetricsEndpoint.start("127.0.0.1:" + e.port(), 9464, new WatchMetrics(false).registry(),
                            "--metrics"));
            assertEquals(ProbeException.Kind.ENVIRONMENT, busy.kind());
            assertTrue(busy.getMessage().contains("cannot listen there"), busy.getMessage());
        }
    }
}
