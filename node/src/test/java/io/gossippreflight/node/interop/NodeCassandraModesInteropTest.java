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
import io.gossippreflight.fixtures.cassandra.TestPki;
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
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our node joins a real Cassandra 5.0.9 seed (on {@code direct}, its pre-flight check first) in
 * the settings real clusters run: TLS everywhere with client certificates required, LZ4
 * compression everywhere, storage_compatibility_mode NONE. Each time the seed sees our node UN,
 * NORMAL with its tokens, and NET_VERSION the version spoken. Then a second real node in the same
 * mode, with its own certificate, bootstraps beside ours while ours owns tokens: each of the three
 * sees the others UN, the connections between the second node and ours are the mode's (version,
 * framing, encryption, as the second node logs them), and the second node streams from ours.
 */
@Tag(InteropSupport.TAG)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NodeCassandraModesInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SEED = LabHosts.A_V4 + ":7000";
    private static final String OURS = LabHosts.B_V4 + ":7000";
    /** The second Cassandra node: a second address on host a, beside the seed (as NodeCassandraInteropTest). */
    private static final String SECOND_IP = "198.18.1.3";
    private static final String SECOND = SECOND_IP + ":7000";
    /** The admin token the test gives our node (admin_token_file): beyond loopback the admin API needs one. */
    private static final String TOKEN = "preflight-interop-test-token";
    private static Lab lab;
    private static CassandraNodes nodes;
    private static TestPki pki;
    private CassandraNode seed;
    private CassandraNode second;
    private Process ours;
    private Path ourDir;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.DIRECT, NodeCassandraModesInteropTest.class);
        lab = nodes.lab();
        pki = TestPki.create(nodes.root().resolve("pki"), "PKCS12");
        ExecResult add = lab.exec(LabHosts.A, List.of("ip", "addr", "add", SECOND_IP + "/24", "dev", "eth0"), Duration.ofSeconds(10));
        assertTrue(add.ok(), add.output());
    }

    @AfterEach
    void stopAll() throws InterruptedException {
        if (ours != null && ours.isAlive()) {
            ours.destroy();
            if (!ours.waitFor(15, TimeUnit.SECONDS)) {
                ours.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        nodes.stopAll(Duration.ofSeconds(30)); // seed and second at once
    }

    @AfterAll
    static void down() {
        InteropSupport.down(nodes);
    }

    /** Starts the seed with {@code mode}, then our node with {@code ourYaml} lines added; waits for UN at the seed. */
    private GossipInfo.Endpoint join(String name, UnaryOperator<CassandraNodeConfig.Builder> mode, List<String> ourYaml)
            throws IOException {
        seed = nodes.start(LabHosts.A, mode.apply(nodes.config(name, LabHosts.A_V4).numTokens(16)).build(),
                InteropSupport.STARTUP);
        long t0 = System.nanoTime();
        startOurs(name, ourYaml, null);
        seed.awaitStatus(OURS, "UN", WAIT);
        InteropSupport.recordTiming("our node beside " + name + ": launch -> UN at the seed", Duration.ofNanos(System.nanoTime() - t0));
        GossipInfo.Endpoint us = seed.gossipInfo().endpoint(OURS).orElseThrow();
        assertEquals("NORMAL", us.status().orElse("none"), us.toString());
        assertTrue(us.states().containsKey("TOKENS"), us.toString());
        return us;
    }

    /** Launches our node at b with {@code ourYaml} lines added (and cassandra-rackdc.properties when given). */
    private void startOurs(String name, List<String> ourYaml, String rackdc) throws IOException {
        ourDir = InteropSupport.runRoot().resolve(NodeCassandraModesInteropTest.class.getSimpleName()).resolve("ours-" + name);
        Files.createDirectories(ourDir);
        List<String> yaml = new ArrayList<>(List.of(
                "cluster_name: '" + CassandraNodeConfig.DEFAULT_CLUSTER_NAME + "'",
                "num_tokens: 16",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + LabHosts.A_V4 + ":7000\"",
                "listen_address: " + LabHosts.B_V4,
                "admin_address: " + LabHosts.B_V4,
                "admin_token_file: admin.token",
                "ring_delay_ms: 5000",
                "data_directory: data"));
        yaml.addAll(ourYaml);
        yaml.add("");
        Path cfg = ourDir.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n", yaml));
        if (rackdc != null) {
            Files.writeString(ourDir.resolve("cassandra-rackdc.properties"), rackdc);
        }
        Path token = ourDir.resolve("admin.token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        ours = lab.spawn(LabHosts.B, LabSupport.java(LabNodeMain.class.getName(), cfg.toString(), "CHECK"),
                Redirect.appendTo(ourDir.resolve("stdout.txt").toFile()), Redirect.appendTo(ourDir.resolve("stderr.txt").toFile()));
    }

    /**
     * An internode link as Cassandra 5.0.9 logs it at INFO (net/InboundConnectionInitiator
     * "messaging connection established", net/OutboundConnection "successfully connected").
     *
     * @param version    messaging version spoken
     * @param framing    CRC or LZ4
     * @param encryption "unencrypted", or the start of "encrypted(...)"
     */
    private record Link(String version, String framing, String encryption) {
        /** A gossip connection {@code from} opened, as {@code to} logs it on accepting it. */
        Pattern inbound(String from, String to) {
            return Pattern.compile("/" + Pattern.quote(from) + "\\(\\S+\\)->/" + Pattern.quote(to)
                    + "-URGENT_MESSAGES-\\w+ messaging connection established, version = " + version + ", framing = " + framing
                    + ", encryption = " + Pattern.quote(encryption));
        }

        /** A gossip connection {@code from} opened, as {@code from} logs it once the handshake completed. */
        Pattern outbound(String from, String to) {
            return Pattern.compile("/" + Pattern.quote(from) + "\\(\\S+\\)->/" + Pattern.quote(to)
                    + "-URGENT_MESSAGES-\\w+ successfully connected, version = " + version + ", framing = " + framing
                    + ", encryption = " + Pattern.quote(encryption));
        }
    }

    /** Waits (bounded) for {@code node} to log a line matching {@code p}; fails with its connection lines. */
    private static void assertLogs(CassandraNode node, Pattern p, String what) {
        assertTrue(node.awaitLog(p, WAIT).isPresent(), what + ": " + node.name() + " logged no line like " + p + "; its links:\n"
                + connectionLines(node));
    }

    /**
     * A second real node in {@code mode} bootstraps beside our node (a token owner): it is UN and
     * NORMAL at the seed, at our node and ours at it; the connections between it and ours are
     * {@code expected}; its bootstrap streamed from ours; both Cassandra nodes have one schema
     * and nobody is unreachable.
     */
    private void secondJoins(String name, UnaryOperator<CassandraNodeConfig.Builder> mode, Link expected) throws Exception {
        long t0 = System.nanoTime();
        second = nodes.start(LabHosts.A, mode.apply(nodes.config(name, SECOND_IP).seeds(LabHosts.A_V4).jmxPort(7299)).build(),
                InteropSupport.STARTUP);
        seed.awaitStatus(SECOND, "UN", WAIT);
        InteropSupport.recordTiming(name + " bootstrapping beside our node: launch -> UN at the seed",
                Duration.ofNanos(System.nanoTime() - t0));
        GossipInfo.Endpoint atSeed = seed.gossipInfo().endpoint(SECOND).orElseThrow();
        assertEquals("NORMAL", atSeed.status().orElse("none"), atSeed.toString());

        ClusterView mine = awaitOurs(code(SECOND, "UN"), WAIT, name + " UN");
        ClusterView.Endpoint theirs = endpoint(mine, SECOND);
        assertEquals("NORMAL", theirs.gossipStatus().split(",")[0], theirs.toString());
        assertEquals(expected.version(), stateOf(theirs, "NET_VERSION"), "its NET_VERSION at our node");
        assertEquals(16, theirs.tokens(), "its TOKENS decoded at our node");

        second.awaitStatus(OURS, "UN", WAIT);
        GossipInfo.Endpoint usThere = second.gossipInfo().endpoint(OURS).orElseThrow();
        assertEquals("NORMAL", usThere.status().orElse("none"), usThere.toString());
        assertEquals(expected.version(), usThere.value("NET_VERSION").orElse(""), "our NET_VERSION at " + name);

        // the connections each side opened, as the second node logs them: the mode's version, framing and TLS
        assertLogs(second, expected.inbound(OURS, SECOND), "our node's connection to " + name + " is " + expected);
        assertLogs(second, expected.outbound(SECOND, OURS), name + "'s connection to our node is " + expected);

        // its bootstrap streamed from both token owners; ours answered that it has nothing
        assertEquals(1, second.logLines(Pattern.compile("Session with /" + Pattern.quote(OURS) + " is complete")).size(),
                second.logTail(40));
        assertTrue(Files.readString(ourDir.resolve("stderr.txt")).contains("(Bootstrap) from " + SECOND + " asks for"),
                "our node answered the stream session");

        // Cassandra's schema on both Cassandra nodes, ours the empty one (it keeps none), nobody unreachable
        for (CassandraNode n : List.of(seed, second)) {
            ClusterDescription d = n.describeCluster();
            assertEquals(List.of(), d.unreachable(), n.name() + ": " + d);
            assertEquals(2, d.schemaVersions().size(), n.name() + ": Cassandra's and our empty one: " + d);
            List<String> ourSchema = d.schemaVersions().getOrDefault(EmptySchema.VERSION.toString(), List.of());
            assertTrue(ourSchema.size() == 1 && ourSchema.get(0).contains(LabHosts.B_V4), n.name() + ": " + d);
            List<String> cassandras = d.schemaVersions().entrySet().stream()
                    .filter(e -> !e.getKey().equals(EmptySchema.VERSION.toString())).map(Map.Entry::getValue)
                    .findFirst().orElseThrow();
            assertTrue(cassandras.size() == 2 && cassandras.stream().anyMatch(e -> e.contains(SECOND_IP))
                    && cassandras.stream().anyMatch(e -> e.contains(LabHosts.A_V4)), n.name() + ": one Cassandra schema: " + d);
            assertEquals(0, d.stats().getOrDefault("Unreachable", 0), n.name() + ": " + d);
        }
        ClusterView now = ourView();
        assertTrue(now != null && now.unreachable().isEmpty(), "our node: nobody unreachable: " + now);
        assertTrue(second.logLines(Pattern.compile("Could not achieve schema readiness")).isEmpty());
    }

    private static String connectionLines(CassandraNode n) {
        return String.join("\n", n.logLines(Pattern.compile("connection established|successfully connected")));
    }

    private static String stateOf(ClusterView.Endpoint e, String state) {
        return e.states().stream().filter(s -> s.name().equals(state)).map(ClusterView.StateLine::value).findFirst().orElse("");
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

    private static ClusterView.Endpoint endpoint(ClusterView v, String ep) {
        return v == null ? null : v.endpoints().stream().filter(e -> e.address().equals(ep)).findFirst().orElse(null);
    }

    private static Predicate<ClusterView> code(String ep, String code) {
        return v -> {
            ClusterView.Endpoint e = endpoint(v, ep);
            return e != null && (e.status() + e.state()).equals(code);
        };
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

    @Test
    void joinsASeedWithTlsEverywhereAndClientCertificates() throws Exception {
        GossipInfo.Endpoint us = join("seed-tls", b -> b.serverEncryption("all", pki, pki.keystore("seed-tls",
                LabHosts.A_V4), true, null), List.of(
                        "server_encryption_options:",
                        "  internode_encryption: all",
                        "  keystore: " + pki.keystore("ours", LabHosts.B_V4),
                        "  keystore_password: " + TestPki.PASSWORD,
                        "  truststore: " + pki.truststore(),
                        "  truststore_password: " + TestPki.PASSWORD,
                        "  store_type: " + pki.storeType(),
                        "  require_client_auth: true"));
        assertEquals("12", us.value("NET_VERSION").orElse(""));
        secondJoins("second-tls", b -> b.serverEncryption("all", pki, pki.keystore("second-tls", SECOND_IP), true, null),
                new Link("12", "CRC", "encrypted("));
    }

    @Test
    void joinsASeedThatCompressesEverything() throws Exception {
        GossipInfo.Endpoint us = join("seed-lz4", b -> b.internodeCompression("all"), List.of("internode_compression: all"));
        assertEquals("12", us.value("NET_VERSION").orElse(""));
        secondJoins("second-lz4", b -> b.internodeCompression("all"), new Link("12", "LZ4", "unencrypted"));
    }

    @Test
    void joinsASeedInStorageCompatibilityModeNoneSpeaking13() throws Exception {
        GossipInfo.Endpoint us = join("seed-v13", b -> b.storageCompatibilityMode("NONE"),
                List.of("storage_compatibility_mode: NONE"));
        assertEquals("13", us.value("NET_VERSION").orElse(""), "our node advertises the version it speaks");
        secondJoins("second-v13", b -> b.storageCompatibilityMode("NONE"), new Link("13", "CRC", "unencrypted"));
    }

    /**
     * internode_compression: dc across two datacenters (GossipingPropertyFileSnitch): the seed alone
     * in dc2, a real node in dc1 joined to it, then our node in dc1. Our node compresses toward the
     * seed (another datacenter) and not toward the real node of its own datacenter, as each peer
     * logs the connection it accepted from ours; the real nodes choose the same among themselves
     * across the datacenters. Our node learns the dc1 node's DC from the seed's gossip before it
     * first sends to it, so its choice is deterministic (a peer whose DC is not known yet counts as
     * another datacenter, in Cassandra 5.0.9 and in our node; before PeerPlacements learnt it
     * ahead of the first ECHO, our node compressed toward the dc1 node).
     */
    @Test
    void compressesTowardTheOtherDatacenterOnly() throws Exception {
        seed = nodes.start(LabHosts.A, nodes.config("seed-dc2", LabHosts.A_V4).datacenterAndRack("dc2", "rack1")
                .internodeCompression("dc").build(), InteropSupport.STARTUP);
        second = nodes.start(LabHosts.A, nodes.config("second-dc1", SECOND_IP).seeds(LabHosts.A_V4).jmxPort(7299)
                .datacenterAndRack("dc1", "rack1").internodeCompression("dc").build(), InteropSupport.STARTUP);
        seed.awaitStatus(SECOND, "UN", WAIT);
        long t0 = System.nanoTime();
        startOurs("dc1", List.of("endpoint_snitch: GossipingPropertyFileSnitch", "internode_compression: dc"),
                "dc=dc1\nrack=rack1\n");
        seed.awaitStatus(OURS, "UN", WAIT);
        second.awaitStatus(OURS, "UN", WAIT);
        InteropSupport.recordTiming("our node in dc1 (compression dc): launch -> UN at both real nodes",
                Duration.ofNanos(System.nanoTime() - t0));
        ClusterView mine = awaitOurs(v -> code(SEED, "UN").test(v) && code(SECOND, "UN").test(v), WAIT, "both real nodes UN");
        assertEquals("dc2", endpoint(mine, SEED).dc());
        assertEquals("dc1", endpoint(mine, SECOND).dc());
        assertEquals("dc1", seed.gossipInfo().endpoint(OURS).orElseThrow().value("DC").orElse(""));

        Link lz4 = new Link("12", "LZ4", "unencrypted");
        Link crc = new Link("12", "CRC", "unencrypted");
        assertLogs(seed, lz4.inbound(OURS, SEED), "our node compresses toward the other datacenter");
        assertLogs(second, crc.inbound(OURS, SECOND), "our node does not compress within its own datacenter");
        // Cassandra's own choices across the datacenters. (Not asserted: the dc1 node's connection to ours.
        // It answers our ECHO before gossip has told it our DC, so it compresses: UNKNOWN_DC, as 5.0.9 does.)
        assertLogs(seed, lz4.inbound(SECOND, SEED), "dc1's real node toward dc2");
        assertLogs(seed, lz4.outbound(SEED, OURS), "dc2's seed toward our node in dc1");
        // and never the other framing, on any connection of ours so far
        assertEquals(List.of(), seed.logLines(crc.inbound(OURS, SEED)), "a CRC connection from our node to dc2");
        assertEquals(List.of(), second.logLines(lz4.inbound(OURS, SECOND)), "an LZ4 connection from our node within dc1");
    }
}
