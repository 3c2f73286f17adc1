package io.gossippreflight.probe.watch;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Consumer;

/**
 * The last verdict per path as Prometheus metrics (names in docs/probe.md, "probe watch"). Labels:
 * {@code target} as given ("198.18.1.2:7000"), {@code direction} {@code outbound} (us → target) or
 * {@code inbound} (target → us). A value nobody knows (the MTU of an unreachable path) is absent,
 * never 0, so an alert never compares against a made-up number.
 */
public final class WatchMetrics implements Consumer<WatchEvent> {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final boolean strict;
    private final Gauge mtu = gauge("preflight_path_mtu_bytes",
            "Path MTU of the direction: exact when pinned, else the largest IP packet seen crossing", "target", "direction");
    private final Gauge status = gauge("preflight_path_status",
            "1 for the direction's current status, 0 for the others", "target", "direction", "status");
    private final Gauge blackHole = gauge("preflight_path_black_hole",
            "1 when packets above a size vanish with no ICMP reaching the sender", "target", "direction");
    private final Gauge passed = gauge("preflight_path_passed",
            "1 when both directions pass (as probe check's exit code 0; --strict applies)", "target");
    private final Gauge largestCrossing = gauge("preflight_message_largest_crossing_bytes",
            "Largest gossip message seen crossing at the sender's own segment size in the last verdict's check",
            "target", "direction");
    private final Gauge largestNeeded = gauge("preflight_message_largest_needed_bytes",
            "Largest gossip message this cluster needs to cross in that direction", "target", "direction");
    private final Gauge duration = gauge("preflight_check_duration_seconds", "How long the last check took", "target",
            "kind");
    private final Gauge lastCheck = gauge("preflight_check_last_timestamp_seconds",
            "When the last check of the target started (Unix time)", "target");
    private final Gauge lastChange = gauge("preflight_verdict_change_timestamp_seconds",
            "When the target's verdict last changed, or was first known (Unix time)", "target");
    private final Counter checks = Counter.builder().name("preflight_checks_total")
            .help("Checks run, quick (around the last verdict) or full").labelNames("target", "kind").register(registry);
    private final Counter failed = Counter.builder().name("preflight_checks_failed_total")
            .help("Checks that found a problem or could not run").labelNames("target").register(registry);

    public WatchMetrics(boolean strict) {
        this.strict = strict;
    }

    private Gauge gauge(String name, String help, String... labels) {
        return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    /** Declares a target's counters at 0 before its first check, so rates work from the first scrape. */
    public void declare(String target) {
        for (WatchEvent.Kind k : WatchEvent.Kind.values()) {
            checks.labelValues(target, WatchPolicy.lower(k));
        }
        failed.labelValues(target);
    }

    @Override
    public synchronized void accept(WatchEvent e) {
        String t = e.target().toString();
        String kind = WatchPolicy.lower(e.kind());
        checks.labelValues(t, kind).inc();
        duration.labelValues(t, kind).set(e.duration().toNanos() / 1e9);
        lastCheck.labelValues(t).set(e.atMillis() / 1000.0);
        TargetReport r = e.report();
        if (r == null || !r.passed(strict)) {
            failed.labelValues(t).inc();
        }
        if (!e.adopted()) {
            return;
        }
        if (e.changed() || e.isFirst()) {
            lastChange.labelValues(t).set(e.atMillis() / 1000.0);
        }
        passed.labelValues(t).set(r.passed(strict) ? 1 : 0);
        direction(t, Direction.OUTBOUND, r.outbound(), r);
        direction(t, Direction.INBOUND, r.inbound(), r);
    }

    private void direction(String t, Direction d, PathVerdict v, TargetReport r) {
        String dir = WatchPolicy.lower(d);
        for (PathStatus s : PathStatus.values()) {
            status.labelValues(t, dir, s.name()).set(s == v.status() ? 1 : 0);
        }
        blackHole.labelValues(t, dir).set(v.status() == PathStatus.BLACK_HOLE ? 1 : 0);
        set(mtu, v.mtu().exact() != null ? v.mtu().exact() : v.mtu().lowerBound(), t, dir);
        set(largestCrossing, WatchPolicy.largestCrossing(r, d), t, dir);
        set(largestNeeded, WatchPolicy.largestNeeded(r, d), t, dir);
    }

    private static void set(Gauge g, Integer value, String... labels) {
        if (value == null) {
            g.remove(labels);
        } else {
            g.labelValues(labels).set(value);
        }
    }
}
