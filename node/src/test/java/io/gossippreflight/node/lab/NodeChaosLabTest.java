package io.gossippreflight.node.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import io.gossippreflight.node.admin.ClusterView;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Five node processes across the two gateways of the {@code vpn} topology (three behind ga, two
 * behind gb, a seed on each side) across a WAN tunnel (80 ms round trip ± 8 ms, 1 % loss each way,
 * through the lab's link emulator) under chaos: partitions at gateway ga (nft drops, both ways or
 * one way), kill -9 and restart, a process paused 20 s (SIGSTOP), and the wall clock of one node
 * jumping ±30 s while it runs and at a restart (through LabNodeMain's clock offset: the node takes
 * its wall clock from an injected Clock, the test skews it; monotonic time is untouched, as with
 * a real clock step). A monitor reads every running node's view once a second and checks
 * {@link ChaosInvariants} throughout; after each fault heals, every live node must be UN on every
 * other within {@link #CONVERGE} (30 gossip rounds). At the end one node is decommissioned and
 * more faults follow: it must never come back.
 *
 * <p>Sampled in {@code make test} (about 2.5 minutes): two fault episodes chosen by a seed (printed;
 * replay with {@code -Dgp.chaos.seed=S}) before the decommission, one after. {@code make chaos}
 * runs random episodes for {@code -Dgp.chaos.minutes=N} before it.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeChaosLabTest {
    static final Duration CONVERGE = Duration.ofSeconds(30);
    /** Round trip and loss of the tunnel between the sides throughout (make chaos: -Dgp.chaos.rtt, -Dgp.chaos.loss). */
    static final Duration WAN_RTT = Duration.ofMillis(Long.getLong("gp.chaos.rtt", 80));
    static final double WAN_LOSS_PERCENT = Double.parseDouble(System.getProperty("gp.chaos.loss", "1"));
    static final String TOKEN = "preflight-chaos-test-token";
    static final ObjectMapper JSON = new ObjectMapper();
    /** host, address; the first of each side is a seed. */
    static final String[][] NODES = {
        {"a", "198.18.1.2"}, {"a", "198.18.1.3"}, {"a", "198.18.1.4"}, {"b", "198.18.2.2"}, {"b", "198.18.2.3"},
    };

    enum Episode { PARTITION, ONE_WAY_PARTITION, KILL_RESTART, PAUSE, CLOCK_JUMP }

    private Lab lab;
    private Path dir;
    private final Map<String, Process> processes = new ConcurrentHashMap<>();
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    private final Set<String> gone = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> clockOffset = new ConcurrentHashMap<>();
    private final ChaosInvariants invariants = new ChaosInvariants();
    private final List<String> timeline = Collections.synchronizedList(new ArrayList<>());
    private ScheduledExecutorService monitor;
    private long t0;

    @BeforeAll
    void setUp() throws Exception {
        LabSupport.assumeLab();
        dir = Files.createTempDirectory("gpn-chaos-");
        lab = LabSupport.lab();
        // the two sides talk across a WAN the whole time: the lab's link emulator on the tunnel
        lab.up(Topology.VPN, LabOptions.defaults().withRtt(WAN_RTT).withJitter(WAN_RTT.dividedBy(10))
                .withLossPercent(WAN_LOSS_PERCENT));
        for (String[] n : NODES) {
            if (!n[1].endsWith(".2")) {
                ExecResult r = lab.exec(n[0], List.of("ip", "addr", "add", n[1] + "/24", "dev", "eth0"), Duration.ofSeconds(20));
                assertTrue(r.ok(), r.output());
            }
        }
        t0 = System.nanoTime();
        for (String[] n : NODES) {
            start(n[1]);
        }
        await(Duration.ofSeconds(120), "all five UN everywhere");
        note("cluster up; configs, data and logs in " + dir);
        monitor = Executors.newSingleThreadScheduledExecutor();
        monitor.scheduleWithFixedDelay(this::observeAll, 0, 1, TimeUnit.SECONDS);
    }

    @AfterAll
    void tearDown() throws Exception {
        if (monitor != null) {
            monitor.shutdownNow();
            monitor.awaitTermination(10, TimeUnit.SECONDS);
        }
        for (String ip : paused) {
            signal(ip, "CONT");
        }
        for (Process p : processes.values()) {
            p.destroyForcibly();
        }
        if (lab != null) {
            lab.downAll();
        }
        System.err.println("chaos timeline:\n  " + String.join("\n  ", timeline));
    }

    private void note(String s) {
        String line = String.format("%6.1f s  %s", (System.nanoTime() - t0) / 1e9, s);
        timeline.add(line);
        System.err.println("chaos: " + line);
    }

    private static String host(String ip) {
        return ip.startsWith("198.18.1.") ? "a" : "b";
    }

    private static String ep(String ip) {
        return ip + ":7000";
    }

    private void start(String ip) throws IOException {
        Path d = dir.resolve(ip);
        Files.createDirectories(d);
        Path cfg = d.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n",
                "cluster_name: 'chaos'",
                "num_tokens: 16",
                "seed_provider:",
                "  - parameters:",
                "      - seeds: \"198.18.1.2:7000,198.18.2.2:7000\"",
                "listen_address: " + ip,
                "admin_address: " + ip,
                "admin_token_file: admin.token",
                "ring_delay_ms: 3000",
                "shutdown_announce_in_ms: 500",
                "data_directory: data",
                ""));
        Files.writeString(d.resolve("admin.token"), TOKEN + "\n");
        List<String> argv = new ArrayList<>(List.of("env", "PREFLIGHT_TEST_CLOCK_OFFSET_MS=" + clockOffset.getOrDefault(ip, 0L)));
        argv.addAll(LabSupport.java(LabNodeMain.class.getName(), cfg.toString()));
        Process p = lab.spawn(host(ip), argv, Redirect.appendTo(d.resolve("stdout.txt").toFile()),
                Redirect.appendTo(d.resolve("stderr.txt").toFile()));
        processes.put(ip, p);
    }

    private ClusterView view(String ip) {
        ExecResult r = lab.exec(host(ip), List.of("curl", "-s", "-S", "--max-time", "3", "-H", "Authorization: Bearer " + TOKEN,
                "http://" + ip + ":7198/v1/cluster"), Duration.ofSeconds(8));
        if (!r.ok()) {
            return null;
        }
        try {
            return JSON.readValue(r.stdout(), ClusterView.class);
        } catch (IOException e) {
            return null;
        }
    }

    private List<String> live() {
        List<String> out = new ArrayList<>();
        for (String[] n : NODES) {
            if (!gone.contains(n[1]) && processes.get(n[1]) != null && processes.get(n[1]).isAlive()) {
                out.add(n[1]);
            }
        }
        return out;
    }

    private Map<String, ClusterView> observeAll() {
        Map<String, ClusterView> views = new LinkedHashMap<>();
        for (String ip : live()) {
            if (paused.contains(ip)) {
                continue;
            }
            ClusterView v = view(ip);
            if (v != null) {
                invariants.observe(ep(ip), v);
                views.put(ep(ip), v);
            }
        }
        return views;
    }

    /** Bounded wait until every live, unpaused node is UN on every other; returns the seconds it took. */
    private double await(Duration max, String what) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        Map<String, ClusterView> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = observeAll();
            if (ChaosInvariants.allUp(last, live().stream().map(NodeChaosLabTest::ep).toList())) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(500); // real processes, real time: bounded polling of their admin APIs
        }
        StringBuilder b = new StringBuilder(what + ": not every live node UN everywhere within " + max.toSeconds() + " s;");
        last.forEach((o, v) -> v.endpoints().forEach(e -> b.append(' ').append(o).append("->").append(e.address()).append('=')
                .append(e.status()).append(e.state())));
        throw new AssertionError(b.toString());
    }

    private void nft(String script) {
        ExecResult r = lab.sh("ga", script, Duration.ofSeconds(20));
        assertTrue(r.ok(), script + ": " + r.output());
    }

    private void signal(String ip, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(processes.get(ip).pid())).start();
        assertTrue(k.waitFor(10, TimeUnit.SECONDS) && k.exitValue() == 0, "kill -" + sig);
    }

    private void kill9(String ip) throws InterruptedException {
        Process p = processes.get(ip);
        p.destroyForcibly();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
    }

    private void setClock(String ip, long offsetMs) throws IOException {
        clockOffset.put(ip, offsetMs);
        OutputStream in = processes.get(ip).getOutputStream();
        in.write(("clock " + offsetMs + "\n").getBytes(StandardCharsets.US_ASCII));
        in.flush();
    }

    private void sleep(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // the fault's duration: real time is what is being tested
    }

    private String pick(Random rnd, boolean nonSeed) {
        List<String> l = new ArrayList<>(live().stream().filter(ip -> !nonSeed || !ip.endsWith(".2")).toList());
        return l.get(rnd.nextInt(l.size()));
    }

    private double episode(Episode e, Random rnd) throws Exception {
        switch (e) {
            case PARTITION -> {
                note("partition: ga drops 198.18.1.0/24 <-> 198.18.2.0/24 for 20 s");
                nft("nft add table inet gpchaos; nft add chain inet gpchaos drops '{ type filter hook forward priority -5; }';"
                        + " nft add rule inet gpchaos drops ip saddr 198.18.1.0/24 ip daddr 198.18.2.0/24 drop;"
                        + " nft add rule inet gpchaos drops ip saddr 198.18.2.0/24 ip daddr 198.18.1.0/24 drop");
                sleep(Duration.ofSeconds(20));
                nft("nft delete table inet gpchaos");
                note("partition healed");
            }
            case ONE_WAY_PARTITION -> {
                note("one-way partition: ga drops 198.18.2.0/24 -> 198.18.1.0/24 for 20 s");
                nft("nft add table inet gpchaos; nft add chain inet gpchaos drops '{ type filter hook forward priority -5; }';"
                        + " nft add rule inet gpchaos drops ip saddr 198.18.2.0/24 ip daddr 198.18.1.0/24 drop");
                sleep(Duration.ofSeconds(20));
                nft("nft delete table inet gpchaos");
                note("one-way partition healed");
            }
            case KILL_RESTART -> {
                String ip = pick(rnd, false);
                for (int i = 0; i < 2; i++) {
                    note("kill -9 " + ip + (i > 0 ? " again" : "") + ", restart in 3 s");
                    kill9(ip);
                    sleep(Duration.ofSeconds(3));
                    start(ip);
                    sleep(Duration.ofSeconds(4));
                }
                note(ip + " restarted");
            }
            case PAUSE -> {
                String ip = pick(rnd, false);
                note("SIGSTOP " + ip + " for 20 s");
                paused.add(ip);
                signal(ip, "STOP");
                sleep(Duration.ofSeconds(20));
                signal(ip, "CONT");
                paused.remove(ip);
                note("SIGCONT " + ip);
            }
            case CLOCK_JUMP -> {
                String ip = pick(rnd, false);
                note("clock of " + ip + " jumps +30 s while it runs");
                setClock(ip, 30_000);
                sleep(Duration.ofSeconds(10));
                await(CONVERGE, "after +30 s");
                note("clock of " + ip + " jumps back to -30 s while it runs");
                setClock(ip, -30_000);
                sleep(Duration.ofSeconds(10));
                await(CONVERGE, "after -30 s");
                note("kill -9 " + ip + ", restart with its clock 30 s behind (its generation must still grow)");
                kill9(ip);
                start(ip);
            }
        }
        double s = await(CONVERGE, e + " healed");
        note(e + ": every live node UN everywhere " + String.format("%.1f", s) + " s after healing");
        assertEquals(List.of(), invariants.violations());
        return s;
    }

    @Test
    void invariantsHoldUnderPartitionsKillsPausesAndClockJumps() throws Exception {
        long seed = Long.getLong("gp.chaos.seed", System.nanoTime());
        long minutes = Long.getLong("gp.chaos.minutes", 0);
        Random rnd = new Random(seed);
        note("seed " + seed + (minutes > 0 ? ", running " + minutes + " min" : ", sampled: 2 episodes, then 1 after the decommission")
                + " (replay: -Dgp.chaos.seed=" + seed + ")");
        Map<Episode, List<Double>> healed = new LinkedHashMap<>();
        if (minutes == 0) {
            List<Episode> all = new ArrayList<>(List.of(Episode.values()));
            Collections.shuffle(all, rnd);
            for (Episode e : all.subList(0, 2)) {
                healed.computeIfAbsent(e, k -> new ArrayList<>()).add(episode(e, rnd));
            }
        } else {
            long end = System.nanoTime() + TimeUnit.MINUTES.toNanos(minutes);
            while (System.nanoTime() < end) {
                Episode e = Episode.values()[rnd.nextInt(Episode.values().length)];
                healed.computeIfAbsent(e, k -> new ArrayList<>()).add(episode(e, rnd));
            }
        }

        // decommission a non-seed, then keep the chaos going: it must stay LEFT wherever it was seen LEFT
        String leaving = "198.18.2.3";
        note("decommission " + leaving);
        invariants.departed(ep(leaving));
        ExecResult r = lab.exec("b", List.of("curl", "-s", "-S", "-X", "POST", "--max-time", "60", "-H",
                "Authorization: Bearer " + TOKEN, "http://" + leaving + ":7198/v1/decommission"), Duration.ofSeconds(70));
        assertTrue(r.ok() && r.stdout().contains("Decommissioned"), r.output());
        gone.add(leaving);
        kill9(leaving);
        note(leaving + " decommissioned and stopped");
        List<Episode> after = minutes == 0 ? List.of(rnd.nextBoolean() ? Episode.PARTITION : Episode.KILL_RESTART)
                : List.of(Episode.PARTITION, Episode.KILL_RESTART, Episode.ONE_WAY_PARTITION);
        for (Episode e : after) {
            healed.computeIfAbsent(e, k -> new ArrayList<>()).add(episode(e, rnd));
        }
        for (String ip : live()) {
            ClusterView v = view(ip);
            ClusterView.Endpoint e = v.endpoints().stream().filter(x -> x.address().equals(ep(leaving))).findFirst().orElse(null);
            assertTrue(e == null || ChaosInvariants.isDeparted(e.gossipStatus()), ip + " sees " + leaving + " as " + e);
        }
        note("views checked: " + invariants.views() + "; seconds to UN everywhere after healing, per fault: " + healed);
        assertEquals(List.of(), invariants.violations());
    }
}
