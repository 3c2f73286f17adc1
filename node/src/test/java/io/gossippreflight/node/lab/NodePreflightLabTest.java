package io.gossippreflight.node.lab;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import io.gossippreflight.node.admin.ClusterView;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The seed story on vpn-blackhole (nodes at MTU 9001, a 1422-byte tunnel whose gateways drop
 * ICMP frag-needed): a seed with 256 tokens has a shadow-round ACK no packet of which crosses.
 * Without --auto-clamp the joining node fails, and says the probe's verdict instead of only
 * "Unable to gossip with any peers"; with it, the node clamps its MSS, joins, and says loudly
 * that the path needs the real fix.
 */
@Tag("lab")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodePreflightLabTest {
    private static final Duration T = Duration.ofSeconds(20);
    private Lab lab;
    private Path dir;
    private final List<Process> processes = new ArrayList<>();

    @BeforeAll
    void setUp() throws Exception {
        LabSupport.assumeLab();
        dir = Files.createTempDirectory("gpn-preflight-");
        System.err.println("node pre-flight lab test: configs, data and logs in " + dir);
        lab = LabSupport.lab();
        lab.up(Topology.VPN_BLACKHOLE, LabOptions.defaults());
        lab.resetPmtu();
        Process seed = spawn("a", "198.18.1.2", 256, "OFF");
        processes.add(seed);
        awaitLine(dir.resolve("198.18.1.2-OFF/stdout.txt"), "STARTED", Duration.ofSeconds(60));
    }

    @AfterAll
    void tearDown() {
        for (Process p : processes) {
            p.destroy();
            try {
                if (!p.waitFor(15, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (lab != null) {
            lab.downAll();
        }
    }

    /** The admin token the test gives its nodes (admin_token_file). */
    private static final String TOKEN = "preflight-lab-test-token";

    private Process spawn(String host, String ip, int tokens, String mode) throws IOException {
        Path d = dir.resolve(ip + "-" + mode);
        Files.createDirectories(d);
        Path cfg = d.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n",
                "cluster_name: 'blackhole'",
                "num_tokens: " + tokens,
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"198.18.1.2:7000\"",
                "listen_address: " + ip,
                "admin_address: " + ip,
                "admin_token_file: admin.token", // beyond loopback the admin API needs a token
                "ring_delay_ms: 5000",
                "data_directory: data",
                ""));
        Files.writeString(d.resolve("admin.token"), TOKEN + "\n");
        return lab.spawn(host, LabSupport.java(LabNodeMain.class.getName(), cfg.toString(), mode),
                Redirect.appendTo(d.resolve("stdout.txt").toFile()), Redirect.appendTo(d.resolve("stderr.txt").toFile()));
    }

    /** Bounded wait for a line in a process's output file; returns it. */
    private static String awaitLine(Path file, String prefix, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                for (String l : Files.readAllLines(file)) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
            }
            Thread.sleep(200); // a real process: bounded polling of its output
        }
        throw new AssertionError("no '" + prefix + "' line in " + file + " within " + max);
    }

    private ClusterView view(String host, String ip) throws IOException {
        ExecResult r = lab.exec(host, List.of("curl", "-s", "-S", "--max-time", "5", "-H", "Authorization: Bearer " + TOKEN,
                "http://" + ip + ":7198/v1/cluster"), T);
        assertTrue(r.ok(), r.output());
        return new ObjectMapper().readValue(r.stdout(), ClusterView.class);
    }

    @Test
    @Order(1)
    void withoutAutoClampTheJoinFailsWithTheProbesVerdict() throws Exception {
        Process b = spawn("b", "198.18.2.2", 16, "CHECK");
        processes.add(b);
        assertTrue(b.waitFor(90, TimeUnit.SECONDS), "gives up within the shadow round budget");
        String failed = awaitLine(dir.resolve("198.18.2.2-CHECK/stdout.txt"), "FAILED", Duration.ofSeconds(5));
        assertTrue(failed.contains("Unable to gossip with any peers") && failed.contains("seed 198.18.1.2:7000"), failed);
        assertTrue(failed.contains("pre-flight: 198.18.1.2:7000:"), failed);
        assertTrue(failed.contains("1422"), "names the MTU: " + failed);
    }

    @Test
    @Order(2)
    void withAutoClampTheNodeClampsItsMssJoinsAndWarns() throws Exception {
        lab.resetPmtu();
        Process b = spawn("b", "198.18.2.2", 16, "CHECK_AND_CLAMP");
        processes.add(b);
        String pre = awaitLine(dir.resolve("198.18.2.2-CHECK_AND_CLAMP/stdout.txt"), "PREFLIGHT", Duration.ofSeconds(60));
        assertTrue(pre.contains("listenerMss=1370"), pre);
        awaitLine(dir.resolve("198.18.2.2-CHECK_AND_CLAMP/stdout.txt"), "STARTED", Duration.ofSeconds(60));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        ClusterView seedView = null;
        while (System.nanoTime() < deadline) {
            seedView = view("a", "198.18.1.2");
            if (seedView.live().contains("198.18.2.2:7000")) {
                break;
            }
            Thread.sleep(250); // bounded polling of a real process
        }
        assertTrue(seedView.live().contains("198.18.2.2:7000"), "the seed sees the joiner up: " + seedView);
        ClusterView mine = view("b", "198.18.2.2");
        assertTrue(mine.live().contains("198.18.1.2:7000"), mine.toString());
        assertTrue(mine.warnings().stream().anyMatch(w -> w.contains("clamped to MSS 1370") && w.contains("real fix")),
                "status says it loudly: " + mine.warnings());
        String log = Files.readString(dir.resolve("198.18.2.2-CHECK_AND_CLAMP/stderr.txt"));
        assertTrue(log.contains("WARN") && log.contains("clamped to MSS 1370"), "and the log");
    }
}
