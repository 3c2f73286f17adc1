package io.gossippreflight.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.cassandra.TestPki;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.Topology;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The MTU ladder through TLS and LZ4: a real Cassandra 5.0.9 seed with internode_encryption all,
 * require_client_auth and internode_compression all behind {@code vpn-blackhole} (MTU 1422, ICMP
 * dropped). A TLS flight of a few KiB (certificates) is lost at the natural MSS, so no TLS handshake
 * completes there: the probe says so as a black hole, proven by the same handshake completing at
 * the smallest MSS. (The exact MTU through TLS is not measured yet.)
 */
@Tag(InteropSupport.TAG)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ProbeCassandraModesBlackholeInteropTest {
    private static Lab lab;
    private static CassandraNodes nodes;
    private static CassandraNode seed;
    private static TestPki pki;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.VPN_BLACKHOLE, ProbeCassandraModesBlackholeInteropTest.class);
        lab = nodes.lab();
        lab.resetPmtu();
        pki = TestPki.create(nodes.root().resolve("pki"), "PKCS12");
        seed = nodes.start(LabHosts.A, nodes.config("seed", LabHosts.A_V4).numTokens(256)
                .serverEncryption("all", pki, pki.keystore("seed", LabHosts.A_V4), true, null)
                .internodeCompression("all").build(), InteropSupport.STARTUP);
    }

    @AfterAll
    static void down() {
        InteropSupport.down(nodes);
    }

    @Test
    void aBlackHoleStopsTheTlsHandshakeAndIsNamed() {
        Map<String, Map<String, String>> before = ProbeCassandraDirectInteropTest.state(seed.gossipInfo());
        ProbeRun r = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName(),
                "--internode-encryption", "all", "--internode-compression", "all",
                "--keystore", pki.keystore("probe", LabHosts.B_V4).toString(), "--keystore-password", TestPki.PASSWORD,
                "--truststore", pki.truststore().toString(), "--truststore-password", TestPki.PASSWORD,
                "--store-type", pki.storeType());
        assertEquals(1, r.exitCode(), r.all());
        // a TLS flight (the seed's certificates, or ours that it requires: a few KiB in segments of the
        // natural MSS) vanishes in the hole: the TLS handshake itself stalls, and completes at the smallest MSS
        com.fasterxml.jackson.databind.JsonNode hole = r.outbound().get("status").asText().equals("BLACK_HOLE")
                ? r.outbound() : r.inbound();
        assertEquals("BLACK_HOLE", hole.get("status").asText(), r.all());
        assertTrue(hole.get("summary").asText().contains("stalls at our natural MSS"), r.all());
        assertEquals(before, ProbeCassandraDirectInteropTest.state(seed.gossipInfo()),
                "the probe changed nothing in the seed's gossip state");
        System.err.println("[interop] vpn-blackhole, TLS + LZ4: " + hole.get("to").asText() + " side: "
                + hole.get("summary").asText());
    }
}
