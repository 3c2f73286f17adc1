package io.gossippreflight.probe.watch;

import static io.gossippreflight.probe.watch.WatchReports.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.Promtool;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.verdict.PathStatus;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The alert rules and the Grafana dashboard under docs/ against what probe watch serves: the rules
 * fire and resolve as their promtool tests say, and every metric they name exists.
 */
class WatchDocsTest {
    private static final Path RULES = Path.of("..", "docs", "prometheus", "preflight-alerts.yml");
    private static final Path RULE_TESTS = Path.of("..", "docs", "prometheus", "preflight-alerts.test.yml");
    private static final Path DASHBOARD = Path.of("..", "docs", "grafana", "preflight-paths.json");
    private static final Pattern METRIC = Pattern.compile("\\bpreflight_[a-z_]+");

    private static Set<String> served() throws Exception {
        WatchMetrics m = new WatchMetrics(false);
        TargetSpec t = new TargetSpec("198.18.1.2", 7000);
        m.declare(t.toString());
        m.accept(new WatchEvent(t, WatchEvent.Kind.FULL, report(PathStatus.BLACK_HOLE, 1422), null, 0, Duration.ofSeconds(1),
                true, null, true));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, m.registry().scrape());
        Set<String> names = new TreeSet<>();
        Matcher x = Pattern.compile("(?m)^(preflight_[a-z_]+)[{ ]").matcher(out.toString(StandardCharsets.UTF_8));
        while (x.find()) {
            names.add(x.group(1));
        }
        return names;
    }

    private static Set<String> named(Path file) throws Exception {
        Set<String> names = new TreeSet<>();
        Matcher x = METRIC.matcher(Files.readString(file));
        while (x.find()) {
            names.add(x.group());
        }
        return names;
    }

    @Test
    void everyMetricTheRulesAndDashboardNameIsServed() throws Exception {
        Set<String> served = served();
        assertTrue(served.contains("preflight_path_black_hole"), served.toString());
        for (Path f : new Path[] {RULES, DASHBOARD}) {
            Set<String> missing = new TreeSet<>(named(f));
            missing.removeAll(served);
            assertEquals(Set.of(), missing, f + " names metrics probe watch does not serve (served: " + served + ")");
        }
        assertTrue(named(DASHBOARD).size() >= 8, "the dashboard shows the watch's metrics");
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(DASHBOARD.toFile()); // valid JSON
    }

    @Test
    void theAlertRulesFireAndResolveAsTested() {
        Promtool.assume();
        ExecResult check = Promtool.checkRules(RULES);
        assertTrue(check.ok(), check.output());
        assertTrue(check.stdout().contains("3 rules found"), check.output());
        ExecResult test = Promtool.testRules(RULE_TESTS);
        assertTrue(test.ok(), test.output());
        assertTrue(test.stdout().contains("SUCCESS"), test.output());
    }
}
