package io.gossippreflight.node.preflight;

import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.node.config.NodeConfig;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The start-up pre-flight: before gossiping, check the path to every seed with the probe (real
 * gossip exchanges of growing size, DF set, both directions), from the address and port the
 * node will use, with its cluster name and partitioner. With auto-clamp, a black hole at MTU M
 * becomes an MSS clamp of M − 52 (IPv4; M − 72 for IPv6: IP, TCP and timestamp headers) on the
 * node's own connections: outbound to that seed when we → seed is black-holed, on its
 * listening socket (every inbound connection) when seed → us is.
 */
public final class SeedPreflight {
    /** IPv4 + TCP + timestamp option bytes per segment; IPv6 adds 20. */
    static final int OVERHEAD_V4 = 20 + 20 + 12;
    static final int OVERHEAD_V6 = 40 + 20 + 12;

    /**
     * What the pre-flight found and what the node should do about it.
     *
     * @param reports      the probe's reports, one per seed (for the report on stdout)
     * @param outboundMss  per seed, the MSS to clamp our connections to it to (auto-clamp only)
     * @param listenerMss  the MSS to clamp our listening socket to, or null (auto-clamp only)
     * @param warnings     what an operator must read (the clamps and that the path needs the real fix)
     * @param verdicts     per seed, one line: each direction's verdict and the first fix
     */
    public record Outcome(List<TargetReport> reports, Map<InetAddressAndPort, Integer> outboundMss, Integer listenerMss,
            List<String> warnings, Map<InetAddressAndPort, String> verdicts) {
        public static final Outcome NONE = new Outcome(List.of(), Map.of(), null, List.of(), Map.of());

        public boolean passed() {
            return reports.stream().allMatch(TargetReport::passed);
        }
    }

    private SeedPreflight() {
    }

    /** Checks {@code seeds} (ours excluded) from {@code self}; blocks until done. */
    public static Outcome run(NodeConfig config, InetAddressAndPort self, List<InetAddressAndPort> seeds, boolean autoClamp,
            Consumer<String> progress) {
        List<InetAddressAndPort> targets = seeds.stream().filter(s -> !s.equals(self)).distinct().toList();
        if (targets.isEmpty()) {
            progress.accept("pre-flight: no seed other than this node; nothing to check");
            return Outcome.NONE;
        }
        List<TargetSpec> specs = new ArrayList<>();
        for (InetAddressAndPort t : targets) {
            specs.add(new TargetSpec(t.address().getHostAddress(), t.port()));
        }
        CheckOptions o = CheckOptions.defaults()
                .withCluster(config.clusterName(), config.partitioner())
                .withSize(null, null) // sized from the seed's own shadow-round ACK: the real cluster
                .withListen(new InetSocketAddress(self.address(), self.port()));
        progress.accept("pre-flight: checking the path to " + targets + " with the probe (skip with --no-preflight)");
        // as this node will connect: its TLS and compression (the probe's port takes TLS and plain alike)
        io.gossippreflight.probe.net.LinkSecurity security;
        try {
            security = io.gossippreflight.probe.net.LinkSecurity.of(
                    io.gossippreflight.config.InternodePolicy.of(config.cassandra()), true, true);
        } catch (io.gossippreflight.config.ConfigException e) {
            throw new io.gossippreflight.node.NodeInputException(config.source() + ": " + e.getMessage(), e);
        }
        List<TargetReport> reports = Checker.check(specs, o, security, line -> progress.accept("pre-flight: " + line));
        return decide(targets, reports, autoClamp);
    }

    /** Turns reports into clamps, warnings and one-line verdicts (pure; tested on its own). */
    static Outcome decide(List<InetAddressAndPort> targets, List<TargetReport> reports, boolean autoClamp) {
        Map<InetAddressAndPort, Integer> outbound = new LinkedHashMap<>();
        Map<InetAddressAndPort, String> verdicts = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        Integer listener = null;
        for (int i = 0; i < reports.size(); i++) {
            TargetReport r = reports.get(i);
            InetAddressAndPort seed = targets.get(i);
            verdicts.put(seed, line(r));
            int overhead = seed.isIpv6() ? OVERHEAD_V6 : OVERHEAD_V4;
            Integer out = blackHoleMtu(r.outbound());
            Integer in = blackHoleMtu(r.inbound());
            if (autoClamp && out != null) {
                outbound.put(seed, out - overhead);
                warnings.add("internode connections to " + seed + " clamped to MSS " + (out - overhead)
                        + " (black hole at MTU " + out + " towards it); the path needs the real fix: " + firstFix(r.outbound()));
            }
            if (autoClamp && in != null) {
                int mss = in - overhead;
                listener = listener == null ? mss : Math.min(listener, mss);
                warnings.add("inbound internode connections clamped to MSS " + mss + " (black hole at MTU " + in + " from "
                        + seed + "); the path needs the real fix: " + firstFix(r.inbound()));
            }
        }
        return new Outcome(List.copyOf(reports), outbound, listener, warnings, verdicts);
    }

    /** The MTU to clamp to for a black-holed direction, or null when it is not one (or nothing is known). */
    static Integer blackHoleMtu(PathVerdict v) {
        if (v.status() != PathStatus.BLACK_HOLE) {
            return null;
        }
        Integer m = v.mtu().safeValue();
        return m != null && m >= 576 ? m : null;
    }

    private static String line(TargetReport r) {
        StringBuilder sb = new StringBuilder();
        for (PathVerdict v : List.of(r.outbound(), r.inbound())) {
            if (sb.length() > 0) {
                sb.append("; ");
            }
            sb.append(v.direction()).append(": ").append(v.summary());
            if (v.status().isProblem() && !v.fixes().isEmpty()) {
                sb.append(" fix: ").append(firstFix(v));
            }
        }
        return sb.toString();
    }

    private static String firstFix(PathVerdict v) {
        if (v.fixes().isEmpty()) {
            return "see 'preflight probe check'";
        }
        Fix f = v.fixes().get(0);
        return (f.where() == null ? "" : "on " + f.where() + ": ") + f.command().replace('\n', ' ');
    }
}
