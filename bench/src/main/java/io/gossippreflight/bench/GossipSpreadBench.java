package io.gossippreflight.bench;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.sim.SimCluster;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.VersionedValue;
import io.gossippreflight.wire.message.Message;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * How fast a new application state reaches every node, and what gossip costs, in simulation
 * (one JVM, simulated clock, in-memory network with 1-10 ms delay): for each cluster size, the
 * rounds until every node holds a freshly changed state, against log2(N), and the bytes each
 * node sends per round, against the one-SYN-per-round floor. Plain main (not JMH): the
 * measurements are in simulated rounds and exact serialized bytes, not wall time.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.gossippreflight.bench.GossipSpreadBench [N...]}
 */
public final class GossipSpreadBench {
    private GossipSpreadBench() {
    }

    record Result(int n, List<Double> rounds, double bytesPerNodeRound, int synFloor, double cpuMicrosPerNodeRound) {
    }

    public static void main(String[] args) {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10, 100, 1000);
        }
        List<Result> results = new ArrayList<>();
        for (int n : sizes) {
            results.add(measure(n, n >= 1000 ? 2 : n >= 100 ? 5 : 10));
            System.err.println("measured N=" + n);
        }
        System.out.printf("%-6s %8s %14s %12s %10s %16s %14s %8s %14s%n", "N", "log2(N)", "rounds median", "rounds max",
                "median/log2", "bytes/node/round", "one-SYN floor", "ratio", "cpu us/node/rnd");
        for (Result r : results) {
            List<Double> s = new ArrayList<>(r.rounds);
            Collections.sort(s);
            double median = s.get(s.size() / 2);
            double log2 = Math.log(r.n) / Math.log(2);
            System.out.printf("%-6d %8.2f %14.1f %12.1f %10.2f %16.0f %14d %8.2f %14.1f%n", r.n, log2, median,
                    s.get(s.size() - 1), median / log2, r.bytesPerNodeRound, r.synFloor, r.bytesPerNodeRound / r.synFloor,
                    r.cpuMicrosPerNodeRound);
        }
        System.out.println("rounds: simulated 1 s gossip rounds from the change at one node until every node holds it;"
                + " bound: push-pull epidemics need about log2(N) rounds");
        System.out.println("bytes: exact serialized internode messages (messaging version 12) a node sends per round in"
                + " steady state; floor: one SYN carrying a digest of every endpoint");
        System.out.println("cpu: thread CPU of the whole simulation per node per round (one JVM, not real processes)");
    }

    static Result measure(int n, int trials) {
        List<Double> rounds = new ArrayList<>();
        double bytes = 0;
        double cpu = 0;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int trial = 0; trial < trials; trial++) {
            GossipConfig config = GossipConfig.builder().clusterName("bench").ringDelay(Duration.ofSeconds(5)).build();
            SimCluster c = new SimCluster(1000L * n + trial, config).numTokens(16).recordEvents(false);
            c.network().delay(Duration.ofMillis(1), Duration.ofMillis(10));
            c.addHosts(n, 3);
            long w0 = System.nanoTime();
            c.startAll(Duration.ofMillis(n >= 1000 ? 5 : 20));
            Duration conv = converge(c, n, w0);
            System.err.printf("N=%d trial %d: converged after %d s simulated, %.1f s wall%n", n, trial, conv.toSeconds(),
                    (System.nanoTime() - w0) / 1e9);
            c.run(Duration.ofSeconds(20));
            long b0 = c.network().totalBytes();
            long cpu0 = mx.getCurrentThreadCpuTime();
            int window = 20;
            c.run(Duration.ofSeconds(window));
            bytes += (c.network().totalBytes() - b0) / (double) n / window;
            cpu += (mx.getCurrentThreadCpuTime() - cpu0) / 1000.0 / n / window;
            rounds.add(spread(c, new Random(trial)));
        }
        return new Result(n, rounds, bytes / trials, synFloor(n), cpu / trials);
    }

    /** Runs until every node sees every other up and NORMAL, printing progress every 5 simulated seconds. */
    static Duration converge(SimCluster c, int n, long w0) {
        Duration start = c.time().elapsed();
        for (int i = 0; i < 240; i++) {
            long upPairs = 0;
            long normal = 0;
            for (SimCluster.Host o : c.running()) {
                upPairs += o.node().gossiper().endpoints().live().size();
                for (SimCluster.Host s : c.running()) {
                    if (o != s && "NORMAL".equals(status(c, o, s))) {
                        normal++;
                    }
                }
            }
            long pairs = (long) n * (n - 1);
            if (upPairs == pairs && normal == pairs) {
                return c.time().elapsed().minus(start);
            }
            System.err.printf("  N=%d t=%ds wall %.0fs: %.1f%% of pairs up, %.1f%% NORMAL%n", n,
                    c.time().elapsed().toSeconds(), (System.nanoTime() - w0) / 1e9, 100.0 * upPairs / pairs,
                    100.0 * normal / pairs);
            c.run(Duration.ofSeconds(5));
        }
        throw new IllegalStateException("N=" + n + " did not converge within 20 simulated minutes");
    }

    private static String status(SimCluster c, SimCluster.Host o, SimCluster.Host s) {
        PeerState p = c.view(o, s);
        return p == null ? null : p.status();
    }

    /** Changes LOAD at a random node; returns rounds (of 1 s) until every node holds that version. */
    static double spread(SimCluster c, Random r) {
        SimCluster.Host origin = c.running().get(r.nextInt(c.running().size()));
        GossipNode node = origin.node();
        CompletableFuture<Integer> version = node.onLoop(() -> {
            node.gossiper().addLocalStates(Map.of(ApplicationState.LOAD, "4242.0"));
            return CompletableFuture.completedFuture(node.gossiper().localState().get(ApplicationState.LOAD).version());
        });
        c.time().runDueTasks();
        int v = version.join();
        Duration took = c.time().advanceUntil(() -> c.running().stream().allMatch(h -> {
            PeerState p = h.node().gossiper().endpoints().get(origin.address());
            VersionedValue load = p == null ? null : p.state().get(ApplicationState.LOAD);
            return load != null && load.version() >= v;
        }), Duration.ofMinutes(5), Duration.ofMillis(10));
        return took.toMillis() / (double) c.config().interval().toMillis();
    }

    /** Bytes of one SYN with a digest per endpoint: what every node must send each round at least. */
    static int synFloor(int n) {
        List<GossipDigest> digests = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            InetAddressAndPort a = SimCluster.address(i);
            digests.add(new GossipDigest(a, 1_700_000_000 + i, 100_000));
        }
        Message m = Message.gossip(1_000_000, 1_700_000_000_000L,
                new GossipDigestSyn("bench", GossipConfig.MURMUR3_PARTITIONER, digests));
        return m.serializedSize(MessagingVersion.V12);
    }
}
