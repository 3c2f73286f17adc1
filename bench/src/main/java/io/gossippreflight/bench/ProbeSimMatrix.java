package io.gossippreflight.bench;

import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.sim.PathSpec;
import io.gossippreflight.probe.sim.SimProbeNetwork;
import io.gossippreflight.probe.sim.SimTarget;
import io.gossippreflight.verdict.PathVerdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The probe check on the simulated network (probe's SimProbeNetwork, fake clock): for each path of
 * issue 10's matrix and each round trip (10 % jitter), the verdict both ways over several seeds,
 * whether the seeds agree, and the simulated time until each direction's MTU was pinned and until
 * the check ended, beside the goal (black hole: 2 s + 10 RTT; ICMP-signalled: 1 s + 4 RTT). Plain
 * main: the times are simulated, the same on any machine. Arguments: round trips in ms (default
 * 0 50 150 300); -Dseeds=N (default 3), -Dtarget=responder|cassandra (default responder, with
 * --udp as the lab's ProbeLabTest runs it).
 */
public final class ProbeSimMatrix {
    private ProbeSimMatrix() {
    }

    public static void main(String[] args) {
        List<Integer> rtts = new ArrayList<>();
        for (String a : args) {
            rtts.add(Integer.parseInt(a));
        }
        if (rtts.isEmpty()) {
            rtts.addAll(List.of(0, 50, 150, 300));
        }
        int seeds = Integer.getInteger("seeds", 3);
        boolean cassandra = "cassandra".equals(System.getProperty("target"));
        SimTarget.Config target = cassandra ? SimTarget.Config.cassandra() : SimTarget.Config.responder();
        CheckOptions options = cassandra ? CheckOptions.defaults() : CheckOptions.defaults().withUdp(true);
        System.out.printf(Locale.ROOT, "probe check on the simulated network, target %s, %d seeds per row; times are "
                + "simulated: max over the seeds%n", cassandra ? "a Cassandra-like node" : "our responder (--udp)", seeds);
        System.out.printf(Locale.ROOT, "%-22s %5s %-40s %-6s %9s %9s %9s %9s %6s%n", "path", "rtt", "verdict out / in",
                "same", "out exact", "in exact", "check", "goal", "ratio");
        int disagreements = 0;
        for (Map.Entry<String, PathSpec> p : paths().entrySet()) {
            for (int rtt : rtts) {
                String first = null;
                boolean same = true;
                long outMs = 0;
                long inMs = 0;
                long checkMs = 0;
                for (long seed = 1; seed <= seeds; seed++) {
                    SimProbeNetwork net = SimProbeNetwork.builder(seed).target(target)
                            .path(p.getValue().rtt(Duration.ofMillis(rtt), 0.1)).build();
                    CompletableFuture<List<TargetReport>> f = Checker.check(List.of(net.targetAddress()), options,
                            line -> { }, net);
                    Duration took = net.time().advanceUntil(f::isDone, Duration.ofMinutes(10), Duration.ofMillis(1));
                    TargetReport r = f.join().get(0);
                    String v = verdict(r.outbound()) + " / " + verdict(r.inbound());
                    same &= first == null || first.equals(v);
                    first = first == null ? v : first;
                    outMs = Math.max(outMs, r.exactMillis()[0]);
                    inMs = Math.max(inMs, r.exactMillis()[1]);
                    checkMs = Math.max(checkMs, took.toMillis());
                }
                disagreements += same ? 0 : 1;
                boolean blackHole = first.contains("BLACK_HOLE");
                long goal = blackHole ? 2_000 + 10L * rtt : 1_000 + 4L * rtt;
                System.out.printf(Locale.ROOT, "%-22s %5d %-40s %-6s %9s %9s %9s %9s %6.1f%n", p.getKey(), rtt, first,
                        same ? "yes" : "NO", seconds(outMs), seconds(inMs), seconds(checkMs), seconds(goal),
                        Math.max(outMs, inMs) / (double) goal);
            }
        }
        System.out.printf(Locale.ROOT, "rows whose seeds disagree: %d%n", disagreements);
        if (disagreements > 0) {
            System.exit(1);
        }
    }

    private static Map<String, PathSpec> paths() {
        PathSpec.Way open = PathSpec.Way.open();
        Map<String, PathSpec> m = new LinkedHashMap<>();
        m.put("healthy 9001", PathSpec.direct());
        m.put("vpn 1422", PathSpec.tunnel(1422));
        m.put("vpn-blackhole 1422", PathSpec.blackHole(1422));
        m.put("vpn-oneway b<-a", new PathSpec(open.mtu(1422, true), open.mtu(1422, false)));
        m.put("vpn-oneway b->a", new PathSpec(open.mtu(1422, false), open.mtu(1422, true)));
        m.put("vpn-clamped 1422", PathSpec.blackHole(1422).clamp(1382));
        m.put("vpn-lossy 1%", PathSpec.tunnel(1422).loss(0.01));
        m.put("vpn-lossy 5%", PathSpec.tunnel(1422).loss(0.05));
        for (int mtu : new int[] {1280, 1376, 1400, 1450}) {
            m.put("vpn-blackhole " + mtu, PathSpec.blackHole(mtu));
            m.put("vpn " + mtu, PathSpec.tunnel(mtu));
        }
        return m;
    }

    private static String verdict(PathVerdict v) {
        Integer exact = v.mtu().exact();
        return v.status() + (exact != null ? " " + exact : "");
    }

    private static String seconds(long ms) {
        return ms < 0 ? "-" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }
}
