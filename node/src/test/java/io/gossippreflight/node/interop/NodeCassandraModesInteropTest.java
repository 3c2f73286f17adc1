package io.gossippreflight.node.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodeConfig;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.GossipInfo;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.cassandra.TestPki;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import io.gossippreflight.node.lab.LabNodeMain;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
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
 * NORMAL with its tokens, and NET_VERSION the version spoken.
 */
@Tag(InteropSupport.TAG)
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class NodeCassandraModesInteropTest {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String OURS = LabHosts.B_V4 + ":7000";
    private static Lab lab;
    private static CassandraNodes nodes;
    private static TestPki pki;
    private CassandraNode seed;
    private Process ours;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.DIRECT, NodeCassandraModesInteropTest.class);
        lab = nodes.lab();
        pki = TestPki.create(nodes.root().resolve("pki"), "PKCS12");
    }

    @AfterEach
    void stopBoth() throws InterruptedException {
        if (ours != null && ours.isAlive()) {
            ours.destroy();
            if (!ours.waitFor(15, TimeUnit.SECONDS)) {
                ours.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (seed != null) {
            seed.stop(Duration.ofSeconds(30));
        }
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
        Path dir = InteropSupport.runRoot().resolve(NodeCassandraModesInteropTest.class.getSimpleName()).resolve("ours-" + name);
        Files.createDirectories(dir);
        List<String> yaml = new ArrayList<>(List.of(
                "cluster_name: '" + CassandraNodeConfig.DEFAULT_CLUSTER_NAME + "'",
                "num_tokens: 16",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"" + LabHosts.A_V4 + ":7000\"",
                "listen_address: " + LabHosts.B_V4,
                "ring_delay_ms: 5000",
                "data_directory: data"));
        yaml.addAll(ourYaml);
        yaml.add("");
        Path cfg = dir.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n", yaml));
        ours = lab.spawn(LabHosts.B, LabSupport.java(LabNodeMain.class.getName(), cfg.toString(), "CHECK"),
                Redirect.appendTo(dir.resolve("stdout.txt").toFile()), Redirect.appendTo(dir.resolve("stderr.txt").toFile()));
        seed.awaitStatus(OURS, "UN", WAIT);
        GossipInfo.Endpoint us = seed.gossipInfo().endpoint(OURS).orElseThrow();
        assertEquals("NORMAL", us.status().orElse("none"), us.toString());
        assertTrue(us.states().containsKey("TOKENS"), us.toString());
        return us;
    }

    @Test
    void joinsASeedWithTlsEverywhereAndClientCertificates() throws IOException {
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
        System.err.println("[interop] our node joined a TLS-all, require_client_auth seed");
    }

    @Test
    void joinsASeedThatCompressesEverything() throws IOException {
        GossipInfo.Endpoint us = join("seed-lz4", b -> b.internodeCompression("all"), List.of("internode_compression: all"));
        assertEquals("12", us.value("NET_VERSION").orElse(""));
    }

    @Test
    void joinsASeedInStorageCompatibilityModeNoneSpeaking13() throws IOException {
        GossipInfo.Endpoint us = join("seed-v13", b -> b.storageCompatibilityMode("NONE"),
                List.of("storage_compatibility_mode: NONE"));
        assertEquals("13", us.value("NET_VERSION").orElse(""), "our node advertises the version it speaks");
    }
}
