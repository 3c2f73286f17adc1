package io.gossippreflight.bench;

import io.gossippreflight.node.admin.AdminClient;
import io.gossippreflight.node.admin.ClusterView;
import io.gossippreflight.node.admin.NodeStats;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What gossip costs on real processes: N node processes ({@code preflight node start}, one JVM
 * each) on 127.0.0.1 with their own ports, grown 1 → 2 → 3 → 10 → 25 in one run (by default). At each size, once
 * every node sees every other UN and a warm-up has passed, it reads each process's CPU time from
 * {@code /proc/<pid>/stat} (utime + stime: every thread, GC and JIT included) and the node's
 * counters from its admin API ({@code /v1/stats}: rounds, messages and bytes), lets the cluster
 * gossip for a fixed window untouched, reads them again, and prints CPU and bytes per node per
 * round beside the simulation's figures for the same N and the one-SYN floor. With {@code
 * -DcassandraCapture=PCAP} it also prints what real Cassandra nodes sent per round in that capture
 * (steady state, {@link CaptureGossipCost}) beside our processes at the same N.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.gossippreflight.bench.GossipProcessBench preflight.jar [N...]};
 * system properties {@code window} and {@code warmup} (seconds, default 20 and 20: a new JVM compiles
 * the gossip path for its first ten-odd seconds, which would be counted otherwise). Only the
 * processes it starts are stopped, by their PID (SIGTERM, then SIGKILL after 15 s).
 */
public final class GossipProcessBench {
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private GossipProcessBench() {
    }

    /** One node process. */
    record Node(int index, int storagePort, int adminPort, Process process, AdminClient admin, Path dir) {
        long pid() {
            return process.pid();
        }
    }

    /** One reading of a node: OS CPU ticks, the JVM's own CPU clock, its counters. */
    record Reading(long ticks, NodeStats stats) {
    }

    record Row(int n, double rounds, double cpuMsProc, double cpuMsJvm, double cpuMsMax, double jitMs, double gcMs, double msgs,
               double msgBytes, double wireBytes, double rssMib, GossipSpreadBench.Result sim, int synFloor) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: GossipProcessBench preflight.jar [N...]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = new ArrayList<>(List.of(1, 2, 3, 10, 25));
        }
        Collections.sort(sizes);
        Duration window = Duration.ofSeconds(Long.getLong("window", 20));
        Duration warmup = Duration.ofSeconds(Long.getLong("warmup", 20));
        long hz = clockTicksPerSecond();

        // the simulation first, so it never competes with the processes for the CPU
        List<GossipSpreadBench.Result> sims = new ArrayList<>();
        for (int n : sizes) {
            sims.add(n >= 2 ? GossipSpreadBench.measure(n, 3) : null);
        }

        Path work = Files.createTempDirectory("gp-bench-nodes-");
        System.err.println("node processes: configs, data and logs in " + work);
        List<Node> nodes = Collections.synchronizedList(new ArrayList<>());
        Thread reaper = new Thread(() -> stopAll(nodes));
        Runtime.getRuntime().addShutdownHook(reaper);
        List<Row> rows = new ArrayList<>();
        try {
            for (int s = 0; s < sizes.size(); s++) {
                int n = sizes.get(s);
                long t0 = System.nanoTime();
                while (nodes.size() < n) {
                    nodes.add(start(jar, work, nodes.size(), nodes.isEmpty() ? -1 : nodes.get(0).storagePort()));
                }
                for (Node node : nodes) {
                    awaitAdmin(node);
                }
                awaitConverged(nodes);
                System.err.printf("N=%d: all UN everywhere after %.1f s; warm-up %d s, window %d s%n", n,
                        (System.nanoTime() - t0) / 1e9, warmup.toSeconds(), window.toSeconds());
                Thread.sleep(warmup.toMillis()); // let the processes settle (JIT of the gossip path) untouched
                List<Reading> before = new ArrayList<>();
                for (Node node : nodes) {
                    NodeStats st = node.admin().stats(); // admin first: the CPU it costs falls before the tick reading
                    before.add(new Reading(ticks(node.pid()), st));
                }
                Thread.sleep(window.toMillis()); // the measured window: nobody talks to the nodes
                List<Reading> after = new ArrayList<>();
                for (Node node : nodes) {
                    long ticks = ticks(node.pid()); // ticks first: the admin call's CPU falls after
                    after.add(new Reading(ticks, node.admin().stats()));
                }
                rows.add(row(n, nodes, before, after, hz, sims.get(s)));
            }
        } finally {
            stopAll(nodes);
            Runtime.getRuntime().removeShutdownHook(reaper);
        }
        print(rows, window, warmup, hz);
        String capture = System.getProperty("cassandraCapture");
        if (capture != null) {
            printPeer(rows, CaptureGossipCost.measure(jar, Path.of(capture), Duration.ofSeconds(15)), Path.of(capture));
        }
    }

    /** Our processes beside real Cassandra nodes at the same cluster size, bytes only (a capture has no CPU). */
    static void printPeer(List<Row> rows, CaptureGossipCost.Cost c, Path capture) {
        Row ours = rows.stream().filter(r -> r.n() == c.nodes()).findFirst().orElse(null);
        System.out.println();
        System.out.println("Beside real Cassandra 5.0.9 (" + capture.getFileName() + ", " + c.nodes() + " nodes, last "
                + c.window().toSeconds() + " s of the capture: " + String.format("%.0f", c.rounds()) + " rounds per node)");
        System.out.printf("%-24s %9s %10s %8s%n", "", "msgs/rnd", "msg B/rnd", "ratio");
        System.out.printf("%-24s %9.2f %10.0f %8s%n", "Cassandra 5.0.9", c.msgsPerRnd(), c.bytesPerRnd(), "1.00");
        if (ours == null) {
            System.out.println("(no process run at N=" + c.nodes() + " to compare; add it to the sizes)");
        } else {
            System.out.printf("%-24s %9.2f %10.0f %8.2f%n", "gossip-preflight node", ours.msgs(), ours.msgBytes(),
                    ours.msgBytes() / c.bytesPerRnd());
        }
        System.out.println("messages and their serialized bytes (header + payload, version 12) each node sends per gossip"
                + " round it starts (it also answers the rounds others start); same token count (16) on both sides");
    }

    static Row row(int n, List<Node> nodes, List<Reading> before, List<Reading> after, long hz, GossipSpreadBench.Result sim) {
        long rounds = 0;
        long ticks = 0;
        long jvmNanos = 0;
        long jitMs = 0;
        long gcMs = 0;
        long msgs = 0;
        long msgBytes = 0;
        long wire = 0;
        double maxMs = 0;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            NodeStats a = before.get(i).stats();
            NodeStats b = after.get(i).stats();
            long r = b.rounds() - a.rounds();
            long t = after.get(i).ticks() - before.get(i).ticks();
            rounds += r;
            ticks += t;
            jvmNanos += b.processCpuNanos() - a.processCpuNanos();
            jitMs += b.jitMillis() - a.jitMillis();
            gcMs += b.gcMillis() - a.gcMillis();
            msgs += b.messagesSent() - a.messagesSent();
            msgBytes += b.messageBytesSent() - a.messageBytesSent();
            wire += b.bytesSent() - a.bytesSent();
            maxMs = Math.max(maxMs, r == 0 ? 0 : t * 1000.0 / hz / r);
            rss += rssMib(nodes.get(i).pid());
        }
        double perRound = rounds == 0 ? 1 : rounds;
        return new Row(n, rounds / (double) n, ticks * 1000.0 / hz / perRound, jvmNanos / 1e6 / perRound, maxMs,
                jitMs / perRound, gcMs / perRound, msgs / perRound, msgBytes / perRound, wire / perRound, rss / n, sim, GossipSpreadBench.synFloor(n));
    }

    static void print(List<Row> rows, Duration window, Duration warmup, long hz) {
        System.out.println();
        System.out.println("Gossip on real processes (one JVM per node, 127.0.0.1, 16 tokens each), beside the simulation");
        System.out.printf("%-4s %7s %11s %10s %9s %8s %9s %7s %11s %9s %10s %10s %11s %10s %8s%n", "N", "rounds",
                "cpu ms/rnd", "jvm clock", "cpu max", "of: JIT", "excl. JIT", "GC", "sim cpu ms", "msgs/rnd", "msg B/rnd",
                "sim B/rnd", "wire B/rnd", "SYN floor", "RSS MiB");
        for (Row r : rows) {
            String simCpu = r.sim() == null ? "-" : String.format("%.4f", r.sim().cpuMicrosPerNodeRound() / 1000);
            String simBytes = r.sim() == null ? "-" : String.format("%.0f", r.sim().bytesPerNodeRound());
            System.out.printf("%-4d %7.1f %11.3f %10.3f %9.3f %8.3f %9.3f %7.3f %11s %9.2f %10.0f %10s %11.0f %10d %8.0f%n",
                    r.n(), r.rounds(), r.cpuMsProc(), r.cpuMsJvm(), r.cpuMsMax(), r.jitMs(), r.cpuMsJvm() - r.jitMs(), r.gcMs(),
                    simCpu, r.msgs(), r.msgBytes(), simBytes, r.wireBytes(), r.synFloor(), r.rssMib());
        }
        System.out.println("per node per round, over a " + window.toSeconds() + " s window after every node saw every other UN and "
                + warmup.toSeconds() + " s of warm-up; rounds = gossip rounds each node ran in the window");
        System.out.println("cpu ms/rnd: utime+stime from /proc/<pid>/stat (" + hz + " ticks/s; the whole JVM: gossip, Netty,"
                + " GC, JIT) summed over the nodes / rounds summed; jvm clock: the same as the JVM reads it"
                + " (getProcessCpuTime, a cross-check); cpu max: the busiest node; of it, JIT: compiler time, GC: collector time (both"
                + " per node per round); excl. JIT: jvm clock minus compiler time, what a node costs once warm; N=1: a lone seed, the JVM's cost with nobody to talk to");
        System.out.println("sim cpu ms: the simulation's CPU per node-round for the same N (gossip logic only, one JVM,"
                + " GossipSpreadBench); msg B: serialized messages at version 12, as the simulation counts them;"
                + " wire B: bytes written to sockets (framing and handshakes included); one-SYN floor: the least a round"
                + " can send (a SYN with a digest per endpoint)");
    }

    // ---- processes ---------------------------------------------------------------------------

    static Node start(Path jar, Path work, int index, int seedPort) throws IOException {
        int storage = freePort();
        int adminPort = freePort();
        int seed = seedPort < 0 ? storage : seedPort;
        Path dir = work.resolve("node" + index);
        Files.createDirectories(dir);
        Path cfg = dir.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n",
                "cluster_name: 'bench'",
                "num_tokens: 16",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + seed + "\"",
                "listen_address: 127.0.0.1",
                "storage_port: " + storage,
                "admin_port: " + adminPort,
                "ring_delay_ms: 2000",
                "shutdown_announce_in_ms: 500",
                "data_directory: data",
                ""));
        ProcessBuilder pb = new ProcessBuilder(javaBinary(), "-jar", jar.toString(), "node", "start", "--config", cfg.toString(),
                "--no-preflight");
        pb.redirectOutput(dir.resolve("stdout.txt").toFile());
        pb.redirectError(dir.resolve("stderr.txt").toFile());
        Process p = pb.start();
        return new Node(index, storage, adminPort, p, new AdminClient("127.0.0.1", adminPort, Duration.ofSeconds(30)), dir);
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static void awaitAdmin(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!node.process().isAlive()) {
                throw new IllegalStateException("node " + node.index() + " exited with " + node.process().exitValue()
                        + "; see " + node.dir().resolve("stderr.txt"));
            }
            try {
                node.admin().stats();
                return;
            } catch (RuntimeException e) {
                last = e;
            }
            Thread.sleep(200); // a starting JVM: bounded polling of its admin API
        }
        throw new IllegalStateException("node " + node.index() + "'s admin API did not answer within " + CONVERGE, last);
    }

    /** Until every node sees every node up and NORMAL (UN). */
    static void awaitConverged(List<Node> nodes) throws InterruptedException {
        long deadline = System.nanoTime() + CONVERGE.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Node node : nodes) {
                ClusterView v = node.admin().cluster();
                long un = v.endpoints().stream().filter(e -> "U".equals(e.status()) && "N".equals(e.state())).count();
                if (un != nodes.size() || v.endpoints().size() != nodes.size()) {
                    all = false;
                    last = "node " + node.index() + " sees " + un + " of " + nodes.size() + " UN";
                    break;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(500); // real processes, real time: bounded polling
        }
        throw new IllegalStateException("no convergence within " + CONVERGE + ": " + last);
    }

    static void stopAll(List<Node> nodes) {
        List<Node> copy;
        synchronized (nodes) {
            copy = new ArrayList<>(nodes);
        }
        for (Node n : copy) {
            n.process().destroy(); // SIGTERM to this PID: a graceful stop
        }
        for (Node n : copy) {
            try {
                if (!n.process().waitFor(15, TimeUnit.SECONDS)) {
                    n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- /proc ---------------------------------------------------------------------------------

    /** utime + stime of a process in clock ticks (proc(5): fields 14 and 15 of /proc/PID/stat). */
    static long ticks(long pid) {
        try {
            return parseTicks(Files.readString(Path.of("/proc", String.valueOf(pid), "stat")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/stat (Linux only)", e);
        }
    }

    /** The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'. */
    static long parseTicks(String stat) {
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // f[0] is field 3 (state)
    }

    static double rssMib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    static long clockTicksPerSecond() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor(5, TimeUnit.SECONDS);
            return Long.parseLong(out);
        } catch (IOException | NumberFormatException e) {
            return 100; // the Linux default (USER_HZ)
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
