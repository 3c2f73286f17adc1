package io.gossippreflight.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodeConfig;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.cassandra.TestPki;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code probe check} on a healthy path against real Cassandra 5.0.9 seeds in the settings real
 * clusters run: TLS everywhere with client certificates required, LZ4 compression everywhere,
 * and storage_compatibility_mode NONE (messaging version 13). Each is healthy both ways and the
 * seed's gossip state is unchanged; a probe without a certificate is told the seed requires one.
 */
@Tag(InteropSupport.TAG)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ProbeCassandraModesInteropTest {
    private static Lab lab;
    private static CassandraNodes nodes;
    private static TestPki pki;
    private CassandraNode seed;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.DIRECT, ProbeCassandraModesInteropTest.class);
        lab = nodes.lab();
        pki = TestPki.create(nodes.root().resolve("pki"), "PKCS12");
    }

    @AfterEach
    void stopSeed() {
        if (seed != null) {
            seed.stop(Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void down() {
        InteropSupport.down(nodes);
    }

    private CassandraNode seed(String name, UnaryOperator<CassandraNodeConfig.Builder> mode) {
        seed = nodes.start(LabHosts.A, mode.apply(nodes.config(name, LabHosts.A_V4).numTokens(16)).build(),
                InteropSupport.STARTUP);
        return seed;
    }

    private static ProbeRun probe(CassandraNode seed, String... extra) {
        List<String> args = new ArrayList<>(List.of(LabHosts.A_V4, "--cluster-name", seed.config().clusterName()));
        args.addAll(List.of(extra));
        return ProbeRun.at(lab, args.toArray(String[]::new));
    }

    private static void healthyAndUntouched(CassandraNode seed, Map<String, Map<String, String>> before, ProbeRun r) {
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("CASSANDRA", r.target().get("kind").asText(), r.all());
        assertEquals("HEALTHY", r.outbound().get("status").asText(), r.all());
        assertEquals("HEALTHY", r.inbound().get("status").asText(), r.all());
        assertEquals(before, ProbeCassandraDirectInteropTest.state(seed.gossipInfo()),
                "the probe changed nothing in the seed's gossip state");
    }

    @Test
    void tlsEverywhereWithClientCertificates() {
        CassandraNode s = seed("seed-tls", b -> b.serverEncryption("all", pki, pki.keystore("seed-tls", LabHosts.A_V4),
                true, null));
        var before = ProbeCassandraDirectInteropTest.state(s.gossipInfo());
        String[] tls = {"--internode-encryption", "all", "--truststore", pki.truststore().toString(),
            "--truststore-password", TestPki.PASSWORD, "--store-type", pki.storeType()};
        ProbeRun r = probe(s, concat(tls, "--keystore", pki.keystore("probe", LabHosts.B_V4).toString(),
                "--keystore-password", TestPki.PASSWORD));
        healthyAndUntouched(s, before, r);
        System.err.println("[interop] TLS all + require_client_auth: healthy, " + r.target().get("needs").get("messages")
                .get(0).get("name").asText());

        ProbeRun noCert = probe(s, tls);
        assertEquals(1, noCert.exitCode(), noCert.all());
        assertEquals("TLS_FAILED", noCert.outbound().get("status").asText(), noCert.all());
        assertTrue(noCert.outbound().get("summary").asText().contains("client certificate"), noCert.all());
    }

    @Test
    void lz4CompressionEverywhere() {
        CassandraNode s = seed("seed-lz4", b -> b.internodeCompression("all"));
        var before = ProbeCassandraDirectInteropTest.state(s.gossipInfo());
        ProbeRun r = probe(s, "--internode-compression", "all");
        healthyAndUntouched(s, before, r);
        String ack = r.target().get("needs").get("messages").get(0).get("name").asText();
        assertTrue(ack.contains("in LZ4 frames"), "the shadow-round ACK is sized as it travels: " + ack);
        System.err.println("[interop] compression all: healthy, " + ack);
    }

    @Test
    void messagingVersion13() {
        CassandraNode s = seed("seed-v13", b -> b.storageCompatibilityMode("NONE"));
        var before = ProbeCassandraDirectInteropTest.state(s.gossipInfo());
        ProbeRun r = probe(s);
        healthyAndUntouched(s, before, r);
        assertEquals(13, r.target().get("messagingVersion").asInt(), "negotiated 13 with a 5.0 seed in mode NONE: " + r.all());
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
