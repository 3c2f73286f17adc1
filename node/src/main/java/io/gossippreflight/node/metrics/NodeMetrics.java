package io.gossippreflight.node.metrics;

import io.gossippreflight.node.net.VerbTraffic;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.wire.message.Verb;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The node's metrics (docs/node.md, "Metrics"), read at scrape time: membership from one view
 * taken on the node's loop, traffic per verb from the transport's counters, the pre-flight's
 * verdict per seed as it was at start. Nothing is kept between scrapes.
 */
public final class NodeMetrics implements MultiCollector {
    private final Supplier<MembershipView> membership;
    private final Supplier<Map<Verb, VerbTraffic.Counts>> traffic;
    private final Supplier<List<TargetReport>> preflight;

    /**
     * @param membership the view of the moment, or null when the node cannot answer in time (those
     *                   metrics are then left out of the scrape, not made up)
     */
    public NodeMetrics(Supplier<MembershipView> membership, Supplier<Map<Verb, VerbTraffic.Counts>> traffic,
            Supplier<List<TargetReport>> preflight) {
        this.membership = membership;
        this.traffic = traffic;
        this.preflight = preflight;
    }

    /** A registry holding only these metrics. */
    public PrometheusRegistry registry() {
        PrometheusRegistry r = new PrometheusRegistry();
        r.register(this);
        return r;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        MembershipView m = membership.get();
        if (m != null) {
            membership(m, out);
        }
        traffic(traffic.get(), out);
        preflight(preflight.get(), out);
        return new MetricSnapshots(out);
    }

    private static void membership(MembershipView m, List<MetricSnapshot> out) {
        GaugeSnapshot.Builder phi = gauge("preflight_node_peer_phi",
                "Phi of the failure detector for the peer now (convicted above phi_convict_threshold)");
        GaugeSnapshot.Builder up = gauge("preflight_node_peer_up", "1 when the peer is up in this node's view");
        GaugeSnapshot.Builder generation = gauge("preflight_node_peer_heartbeat_generation",
                "Heartbeat generation of the endpoint (its start time in seconds; a restart raises it)");
        GaugeSnapshot.Builder version = gauge("preflight_node_peer_heartbeat_version",
                "Heartbeat version of the endpoint as this node last learned it");
        for (MembershipView.Peer p : m.peers()) {
            Labels l = Labels.of("peer", p.address(), "self", Boolean.toString(p.self()), "status",
                    p.status() == null ? "" : p.status());
            Labels peer = Labels.of("peer", p.address(), "self", Boolean.toString(p.self()));
            up.dataPoint(point(l, p.up() ? 1 : 0));
            generation.dataPoint(point(peer, p.generation()));
            version.dataPoint(point(peer, p.heartbeatVersion()));
            if (p.phi() != null) {
                phi.dataPoint(point(peer, p.phi()));
            }
        }
        out.add(phi.build());
        out.add(up.build());
        out.add(generation.build());
        out.add(version.build());
        out.add(gauge("preflight_node_endpoints", "Endpoints by state: live (up), down (convicted), left (left or removed)")
                .dataPoint(point(Labels.of("state", "live"), m.live()))
                .dataPoint(point(Labels.of("state", "down"), m.down()))
                .dataPoint(point(Labels.of("state", "left"), m.left())).build());
        out.add(CounterSnapshot.builder().name("preflight_node_gossip_rounds").help("Gossip rounds run")
                .dataPoint(CounterDataPointSnapshot.builder().value(m.rounds()).build()).build());
        out.add(gauge("preflight_node_gossip_round_duration_seconds",
                "How long the last gossip round's work took on the node's loop")
                .dataPoint(point(Labels.EMPTY, m.lastRoundNanos() / 1e9)).build());
    }

    private static void traffic(Map<Verb, VerbTraffic.Counts> t, List<MetricSnapshot> out) {
        CounterSnapshot.Builder messages = CounterSnapshot.builder().name("preflight_node_gossip_messages")
                .help("Internode messages per verb and direction");
        CounterSnapshot.Builder bytes = CounterSnapshot.builder().name("preflight_node_gossip_message_bytes")
                .help("Their serialized size at messaging version 12 (header and payload, no framing)");
        t.forEach((verb, c) -> {
            messages.dataPoint(counter(Labels.of("verb", verb.name(), "direction", "sent"), c.sent()));
            messages.dataPoint(counter(Labels.of("verb", verb.name(), "direction", "received"), c.received()));
            bytes.dataPoint(counter(Labels.of("verb", verb.name(), "direction", "sent"), c.sentBytes()));
            bytes.dataPoint(counter(Labels.of("verb", verb.name(), "direction", "received"), c.receivedBytes()));
        });
        out.add(messages.build());
        out.add(bytes.build());
    }

    private static void preflight(List<TargetReport> reports, List<MetricSnapshot> out) {
        if (reports.isEmpty()) {
            return;
        }
        GaugeSnapshot.Builder passed = gauge("preflight_node_seed_preflight_passed",
                "1 when the pre-flight at start found the path to the seed passing (both directions)");
        GaugeSnapshot.Builder status = gauge("preflight_node_seed_path_status",
                "1 for the pre-flight's status of the direction, 0 for the others");
        GaugeSnapshot.Builder mtu = gauge("preflight_node_seed_path_mtu_bytes",
                "The path MTU the pre-flight found (exact, else the largest packet seen crossing)");
        for (TargetReport r : reports) {
            passed.dataPoint(point(Labels.of("seed", r.target()), r.passed() ? 1 : 0));
            direction(r.target(), "outbound", r.outbound(), status, mtu);
            direction(r.target(), "inbound", r.inbound(), status, mtu);
        }
        out.add(passed.build());
        out.add(status.build());
        out.add(mtu.build());
    }

    private static void direction(String seed, String dir, PathVerdict v, GaugeSnapshot.Builder status,
            GaugeSnapshot.Builder mtu) {
        for (PathStatus s : PathStatus.values()) {
            status.dataPoint(point(Labels.of("seed", seed, "direction", dir, "status", s.name()), s == v.status() ? 1 : 0));
        }
        Integer m = v.mtu().exact() != null ? v.mtu().exact() : v.mtu().lowerBound();
        if (m != null) {
            mtu.dataPoint(point(Labels.of("seed", seed, "direction", dir), m));
        }
    }

    private static GaugeSnapshot.Builder gauge(String name, String help) {
        return GaugeSnapshot.builder().name(name).help(help);
    }

    private static GaugeDataPointSnapshot point(Labels l, double v) {
        return GaugeDataPointSnapshot.builder().labels(l).value(v).build();
    }

    private static CounterDataPointSnapshot counter(Labels l, double v) {
        return CounterDataPointSnapshot.builder().labels(l).value(v).build();
    }

    static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
