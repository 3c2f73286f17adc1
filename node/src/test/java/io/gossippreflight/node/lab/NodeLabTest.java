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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four node processes in lab namespaces (two addresses in host a, two in b, over the direct
 * topology), each a real JVM speaking the internode protocol: kill -9 is detected in the time
 * phi predicts, a restart comes back with a higher generation, decommission spreads LEFT,
 * removenode spreads removed, assassinate spreads LEFT with a bumped generation. Real time,
 * every wait bounded. Namespaces use the test run's prefix (LabSupport.lab()).
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLabTest {
    private static final Duration T = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** host, listen address; the first is the seed. */
    private static final String[][] NODES = {
        {"a", "198.18.1.2"}, {"a", "198.18.1.3"}, {"b", "198.18.2.2"}, {"b", "198.18.2.3"},
    };

    /** Node configs, data and logs (kept after the run for a look at the logs). */
    private Path dir;

    private Lab lab;
    private final Map<String, Process> processes = new LinkedHashMap<>();

    @BeforeAll
    void setUp() throws IOException {
        LabSupport.assumeLab();
        dir = Files.createTempDirectory("gpn-nodes-");
        System.err.println("node lab test: configs, data and logs in " + dir);
        lab = LabSupport.lab();
        lab.up(Topology.DIRECT, LabOptions.defaults());
        ok(lab.exec("a", List.of("ip", "addr", "add", "198.18.1.3/24", "dev", "eth0"), T));
        ok(lab.exec("b", List.of("ip", "addr", "add", "198.18.2.3/24", "dev", "eth0"), T));
        for (String[] n : NODES) {
            start(n[0], n[1]);
        }
    }

    @AfterAll
    void tearDown() {
        for (Process p : processes.values()) {
            stop(p);
        }
        if (lab != null) {
            lab.downAll();
        }
    }

    private static void ok(ExecResult r) {
        assertTrue(r.ok(), r.output());
    }

    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(String host, String ip) throws IOException {
        Path d = dir.resolve(ip);
        Files.createDirectories(d);
        Path cfg = d.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n",
                "cluster_name: 'lab cluster'",
                "num_tokens: 16",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"198.18.1.2:7000\"",
                "listen_address: " + ip,
                "storage_port: 7000",
                "admin_address: " + ip,
                "admin_port: 7198",
                "ring_delay_ms: 5000",
                "very_long_time_ms: 600000",
                "data_directory: data",
                ""));
        Process p = lab.spawn(host, LabSupport.java(LabNodeMain.class.getName(), cfg.toString()),
                java.lang.ProcessBuilder.Redirect.appendTo(d.resolve("stdout.txt").toFile()),
                java.lang.ProcessBuilder.Redirect.appendTo(d.resolve("stderr.txt").toFile()));
        processes.put(ip, p);
    }

    private static String hostOf(String ip) {
        for (String[] n : NODES) {
            if (n[1].equals(ip)) {
                return n[0];
            }
        }
        throw new IllegalArgumentException(ip);
    }

    /**
     * The admin API of the node at {@code ip}, called from inside its namespace. It listens beyond
     * loopback, so with the token the node wrote to its data directory.
     */
    private String admin(String ip, String method, String path, Duration timeout) {
        Path tokenFile = dir.resolve(ip).resolve("data").resolve("admin.token");
        String token;
        try {
            token = Files.readString(tokenFile).trim();
        } catch (IOException notYetWritten) {
            return null;
        }
        ExecResult r = lab.exec(hostOf(ip), List.of("curl", "-s", "-S", "-X", method, "--max-time",
                String.valueOf(timeout.toSeconds()), "-H", "Authorization: Bearer " + token, "http://" + ip + ":7198" + path),
                timeout.plusSeconds(5));
        return r.ok() ? r.stdout() : null;
    }

    private ClusterView view(String ip) {
        String body = admin(ip, "GET", "/v1/cluster", Duration.ofSeconds(5));
        if (body == null) {
            return null;
        }
        try {
            return JSON.readValue(body, ClusterView.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static ClusterView.Endpoint endpoint(ClusterView v, String ip) {
        return v.endpoints().stream().filter(e -> e.address().equals(ip + ":7000")).findFirst().orElse(null);
    }

    /** Polls {@code ip}'s view (every 250 ms, bounded) until {@code done}; returns the seconds it took. */
    private double await(String ip, Predicate<ClusterView> done, Duration max, String what) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + max.toNanos();
        ClusterView last = null;
        while (System.nanoTime() < deadline) {
            ClusterView v = view(ip);
            if (v != null) {
                last = v;
                if (done.test(v)) {
                    return (System.nanoTime() - start) / 1e9;
                }
            }
            Thread.sleep(250); // real processes, real time: bounded polling of their admin API
        }
        throw new AssertionError(what + " not seen at " + ip + " within " + max + "; last view: " + last);
    }

    private static Predicate<ClusterView> statusOf(String ip, String statusAndState) {
        return v -> {
            ClusterView.Endpoint e = endpoint(v, ip);
            return e != null && (e.status() + e.state()).equals(statusAndState);
        };
    }

    private static Predicate<ClusterView> gossipStatus(String ip, String name) {
        return v -> {
            ClusterView.Endpoint e = endpoint(v, ip);
            return e != null && e.gossipStatus().startsWith(name + ",");
        };
    }

    private List<String> running() {
        List<String> out = new ArrayList<>();
        processes.forEach((ip, p) -> {
            if (p.isAlive()) {
                out.add(ip);
            }
        });
        return out;
    }

    @Test
    @Order(1)
    void allFourComeUpNormalEverywhere() throws InterruptedException {
        for (String[] o : NODES) {
            for (String[] s : NODES) {
                await(o[1], statusOf(s[1], "UN"), Duration.ofSeconds(90), s[1] + " UN");
            }
        }
    }

    @Test
    @Order(2)
    void killMinusNineIsDetectedInThePhiTimeAndARestartComesBackWithAHigherGeneration() throws Exception {
        String victim = "198.18.2.3";
        int generation = endpoint(view("198.18.1.2"), victim).generation();
        processes.get(victim).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        double took = await("198.18.1.2", statusOf(victim, "DN"), Duration.ofSeconds(60), victim + " DN");
        // phi 8 at ~1 s heartbeat intervals: ≈18-25 s after its last heartbeat (the simulation's range)
        assertTrue(took > 12 && took < 35, "DN after " + took + " s");
        await("198.18.2.2", statusOf(victim, "DN"), Duration.ofSeconds(20), victim + " DN");

        start("b", victim);
        await("198.18.1.2", statusOf(victim, "UN"), Duration.ofSeconds(60), victim + " UN again");
        int restarted = endpoint(view("198.18.1.2"), victim).generation();
        assertTrue(restarted > generation, "generation " + restarted + " > " + generation);
    }

    @Test
    @Order(3)
    void decommissionSpreadsLeftEverywhere() throws InterruptedException {
        String leaving = "198.18.1.3";
        String msg = admin(leaving, "POST", "/v1/decommission", Duration.ofSeconds(90));
        assertTrue(msg != null && msg.contains("Decommissioned"), String.valueOf(msg));
        for (String o : List.of("198.18.1.2", "198.18.2.2", "198.18.2.3")) {
            await(o, gossipStatus(leaving, "LEFT"), Duration.ofSeconds(30), leaving + " LEFT");
            ClusterView.Endpoint e = endpoint(view(o), leaving);
            assertTrue(!e.ringMember(), "no longer in the ring at " + o);
        }
    }

    @Test
    @Order(4)
    void removenodeOfAKilledNodeSpreadsRemoved() throws Exception {
        String dead = "198.18.2.3";
        String hostId = endpoint(view("198.18.1.2"), dead).hostId();
        processes.get(dead).destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        await("198.18.1.2", statusOf(dead, "DN"), Duration.ofSeconds(60), dead + " DN");
        String msg = admin("198.18.1.2", "POST", "/v1/removenode?hostId=" + hostId, Duration.ofSeconds(60));
        assertTrue(msg != null && msg.contains("Removed"), String.valueOf(msg));
        for (String o : List.of("198.18.1.2", "198.18.2.2")) {
            await(o, gossipStatus(dead, "removed"), Duration.ofSeconds(30), dead + " removed");
        }
    }

    @Test
    @Order(5)
    void assassinateMakesTheDecommissionedNodeLeftWithABumpedGeneration() throws InterruptedException {
        String target = "198.18.1.3";
        int before = endpoint(view("198.18.2.2"), target).generation();
        String msg = admin("198.18.2.2", "POST", "/v1/assassinate?address=" + target, Duration.ofSeconds(60));
        assertTrue(msg != null && msg.contains("Assassinated"), String.valueOf(msg));
        await("198.18.1.2", v -> {
            ClusterView.Endpoint e = endpoint(v, target);
            return e != null && e.generation() == before + 1 && e.gossipStatus().startsWith("LEFT,");
        }, Duration.ofSeconds(30), target + " LEFT at generation " + (before + 1));
        assertEquals(List.of("198.18.1.2", "198.18.1.3", "198.18.2.2"), running(), "processes still up");
    }
}
