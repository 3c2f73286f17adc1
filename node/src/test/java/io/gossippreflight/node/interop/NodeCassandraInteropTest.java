package io.gossippreflight.node.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodeConfig;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.ClusterDescription;
import io.gossippreflight.fixtures.cassandra.GossipInfo;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import io.gossippreflight.node.admin.ClusterView;
import io.gossippreflight.node.gossip.EmptySchema;
import io.gossippreflight.node.lab.LabNodeMain;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Our node and real Cassandra 5.0.9 gossiping with each other on {@code direct}: a Cassandra
 * seed at a, our node at b, then a second Cassandra node at a that bootstraps while our node is
 * a token owner (it takes our empty schema as received and streams our ranges: nothing). Each
 * appears in the other's gossipinfo with the right states; killing either is detected by the
 * other; our node's assassinate of a LEFT Cassandra node (the second, killed and assassinated by
 * the seed) wins with a bumped generation at the Cassandra seed.
 */
@Tag(InteropSupport.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class NodeCassandraInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String SEED = LabHosts.A_V4 + ":7000";
    private static final String OURS = LabHosts.B_V4 + ":7000";
    private static final String SECOND_IP = "198.18.1.3";
    private static final String SECOND = SECOND_IP + ":7000";
    private static Lab lab;
    private static CassandraNodes nodes;
    private static CassandraNode seed;
    private static CassandraNode second;
    private static Path dir;
    private static Process ours;

    @BeforeAll
    static void startCluster() throws IOException {
        nodes = InteropSupport.up(Topology.DIRECT, NodeCassandraInteropTest.class);
        lab = nodes.lab();
        dir = InteropSupport.runRoot().resolve(NodeCassandraInteropTest.class.getSimpleName()).resolve("our-node");
        Files.createDirectories(dir);
        seed = nodes.start(LabHosts.A, nodes.config("seed", LabHosts.A_V4).build(), InteropSupport.STARTUP);
        long t0 = System.nanoTime();
        startOurs();
        seed.awaitStatus(OURS, "UN", WAIT);
        InteropSupport.recordTiming("our node at b: launch -> UN at the Cassandra seed", Duration.ofNanos(System.nanoTime() - t0));
    }

    @AfterAll
    static void stopCluster() {
        try {
            stopOurs();
        } finally {
            InteropSupport.down(nodes);
        }
    }

    /** The admin token the test gives our node (admin_token_file). */
    private static final String TOKEN = "preflight-interop-test-token";

    private static void startOurs() throws IOException {
        Path cfg = dir.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n",
                "cluster_name: '" + CassandraNodeConfig.DEFAULT_CLUSTER_NAME + "'",
                "num_tokens: 16",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + LabHosts.A_V4 + ":7000\"",
                "listen_address: " + LabHosts.B_V4,
                "admin_address: " + LabHosts.B_V4,
                "admin_token_file: admin.token", // beyond loopback the admin API needs a token
                "ring_delay_ms: 5000",
                "data_directory: data",
                ""));
        Files.writeString(dir.resolve("admin.token"), TOKEN + "\n");
        ours = lab.spawn(LabHosts.B, LabSupport.java(LabNodeMain.class.getName(), cfg.toString(), "CHECK"),
                Redirect.appendTo(dir.resolve("stdout.txt").toFile()), Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
    }

    private static void stopOurs() {
        if (ours != null && ours.isAlive()) {
            ours.destroy();
            try {
                if (!ours.waitFor(15, TimeUnit.SECONDS)) {
                    ours.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ClusterView ourView() {
        ExecResult r = lab.exec(LabHosts.B, List.of("curl", "-s", "-S", "--max-time", "5", "-H", "Authorization: Bearer " + TOKEN,
                "http://" + LabHosts.B_V4 + ":7198/v1/cluster"), Duration.ofSeconds(15));
        if (!r.ok()) {
            return null;
        }
        try {
            return new ObjectMapper().readValue(r.stdout(), ClusterView.class);
        } catch (IOException e) {
            return null;
        }
    }

    private static String ourAdmin(String path, Duration timeout) {
        ExecResult r = lab.exec(LabHosts.B, List.of("curl", "-s", "-S", "-X", "POST", "--max-time",
                String.valueOf(timeout.toSeconds()), "-H", "Authorization: Bearer " + TOKEN,
                "http://" + LabHosts.B_V4 + ":7198" + path), timeout.plusSeconds(5));
        assertTrue(r.ok(), r.output());
        return r.stdout();
    }

    private static ClusterView.Endpoint endpoint(ClusterView v, String ep) {
        return v == null ? null : v.endpoints().stream().filter(e -> e.address().equals(ep)).findFirst().orElse(null);
    }

    /** Polls our node's view (bounded, every 500 ms: a real process) until {@code done}. */
    private static ClusterView awaitOurs(Predicate<ClusterView> done, Duration max, String what) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        ClusterView v = null;
        while (System.nanoTime() < deadline) {
            v = ourView();
            if (v != null && done.test(v)) {
                return v;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " not seen by our node within " + max + "; last view " + v);
    }

    private static Predicate<ClusterView> code(String ep, String code) {
        return v -> {
            ClusterView.Endpoint e = endpoint(v, ep);
            return e != null && (e.status() + e.state()).equals(code);
        };
    }

    @Test
    @Order(1)
    void eachIsInTheOthersGossipinfoWithTheRightStates() throws InterruptedException {
        ClusterView mine = awaitOurs(code(SEED, "UN"), WAIT, "the Cassandra seed UN");
        GossipInfo atSeed = seed.gossipInfo();
        GossipInfo.Endpoint us = atSeed.endpoint(OURS).orElseThrow(() -> new AssertionError(atSeed.toString()));
        ClusterView.Endpoint self = endpoint(mine, OURS);
        assertEquals("NORMAL", us.status().orElse("none"), us.toString());
        assertEquals(self.hostId(), us.value("HOST_ID").orElse(""));
        assertEquals(self.generation(), us.generation());
        assertTrue(us.states().containsKey("TOKENS"), us.toString());
        assertEquals("datacenter1", us.value("DC").orElse(""));
        assertEquals("12", us.value("NET_VERSION").orElse(""));
        assertEquals("UN", seed.status().codeOf(OURS));

        GossipInfo.Endpoint theirSelf = atSeed.endpoint(SEED).orElseThrow();
        ClusterView.Endpoint them = endpoint(mine, SEED);
        assertEquals("NORMAL", them.gossipStatus().split(",")[0]);
        assertEquals(theirSelf.value("HOST_ID").orElse("?"), them.hostId());
        assertEquals(theirSelf.generation(), them.generation());
        assertEquals(16, them.tokens(), "their TOKENS state decoded");
        assertTrue(them.states().stream().anyMatch(s -> s.name().equals("RELEASE_VERSION") && s.value().equals("5.0.9")));
    }

    @Test
    @Order(2)
    void aCassandraNodeBootstrapsWhileOurNodeOwnsTokens() throws Exception {
        ExecResult add = lab.exec(LabHosts.A, List.of("ip", "addr", "add", SECOND_IP + "/24", "dev", "eth0"), Duration.ofSeconds(10));
        assertTrue(add.ok(), add.output());
        long t0 = System.nanoTime();
        second = nodes.start(LabHosts.A, nodes.config("second", SECOND_IP).seeds(LabHosts.A_V4).jmxPort(7299).build(),
                InteropSupport.STARTUP);
        seed.awaitStatus(SECOND, "UN", WAIT);
        InteropSupport.recordTiming("second Cassandra node bootstrapping beside our node: launch -> UN at the seed",
                Duration.ofNanos(System.nanoTime() - t0));
        assertTrue(second.logLines(Pattern.compile("Could not achieve schema readiness")).isEmpty());
        // its bootstrap streamed from both token owners; ours answered that it has nothing
        assertEquals(1, second.logLines(Pattern.compile("Session with /" + Pattern.quote(OURS) + " is complete")).size(),
                second.logTail(40));
        assertTrue(Files.readString(dir.resolve("stderr.txt")).contains("(Bootstrap) from " + SECOND + " asks for"),
                "our node answered the stream session");
        awaitOurs(code(SECOND, "UN"), WAIT, "the bootstrapped Cassandra node UN");
        ClusterDescription d = second.describeCluster();
        List<String> onSeedsSchema = d.schemaVersions().values().stream().filter(eps -> eps.stream().anyMatch(e -> e.contains(LabHosts.A_V4)))
                .findFirst().orElseThrow(() -> new AssertionError(d.toString()));
        assertTrue(onSeedsSchema.stream().anyMatch(e -> e.contains(SECOND_IP)), "it took the seed's schema: " + d);
        assertTrue(d.schemaVersions().getOrDefault(EmptySchema.VERSION.toString(), List.of()).stream()
                .anyMatch(e -> e.contains(LabHosts.B_V4)), "ours is the empty schema, not UNREACHABLE: " + d);
    }

    @Test
    @Order(3)
    void killingOurNodeIsDetectedByCassandraAndItComesBackWithAHigherGeneration() throws Exception {
        long generation = seed.gossipInfo().endpoint(OURS).orElseThrow().generation();
        ours.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long t0 = System.nanoTime();
        seed.awaitStatus(OURS, "DN", WAIT);
        InteropSupport.recordTiming("our node SIGKILL -> DN at the Cassandra seed", Duration.ofNanos(System.nanoTime() - t0));
        startOurs();
        seed.awaitStatus(OURS, "UN", WAIT);
        assertTrue(seed.gossipInfo().endpoint(OURS).orElseThrow().generation() > generation, "a higher generation");
    }

    @Test
    @Order(4)
    void killingCassandraIsDetectedByOurNode() throws Exception {
        awaitOurs(code(SEED, "UN"), WAIT, "the Cassandra seed UN");
        seed.kill();
        long t0 = System.nanoTime();
        awaitOurs(code(SEED, "DN"), WAIT, "the Cassandra seed DN");
        InteropSupport.recordTiming("Cassandra seed SIGKILL -> DN at our node", Duration.ofNanos(System.nanoTime() - t0));
        seed.launch();
        seed.awaitStartup(InteropSupport.STARTUP);
        awaitOurs(code(SEED, "UN"), WAIT, "the restarted Cassandra seed UN");
        seed.awaitStatus(OURS, "UN", WAIT);
    }

    @Test
    @Order(5)
    void ourAssassinateOfALeftCassandraNodeWinsAtTheCassandraSeed() throws Exception {
        awaitOurs(code(SECOND, "UN"), WAIT, "the second Cassandra node UN");
        second.kill();
        seed.awaitStatus(SECOND, "DN", WAIT);
        seed.assassinate(SECOND_IP); // Cassandra's own assassinate: LEFT, generation + 1
        awaitOurs(v -> {
            ClusterView.Endpoint e = endpoint(v, SECOND);
            return e != null && e.gossipStatus().startsWith("LEFT,");
        }, WAIT, "the second node LEFT");
        long generation = seed.gossipInfo().endpoint(SECOND).orElseThrow().generation();
        String msg = ourAdmin("/v1/assassinate?address=" + SECOND_IP, Duration.ofSeconds(60));
        assertTrue(msg.contains("Assassinated " + SECOND), msg);
        GossipInfo.Endpoint atSeed = seed.awaitGossip(SECOND, e -> e.generation() == generation + 1
                && e.status().orElse("").equals("LEFT"), "LEFT at generation " + (generation + 1), WAIT);
        assertEquals("LEFT", atSeed.status().orElseThrow());
    }
}
