package io.gossippreflight.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
 * dropped). The TLS flights must cross the hole before any probe can: ours leave with DF clear
 * (gateways fragment them), and where the seed's (its session tickets, holding our certificate)
 * are lost at the natural MSS the check goes on with resumed sessions, one per connection, opened
 * from full handshakes at the smallest MSS. Either way the exact MTU is measured through TLS both
 * ways; towards us each lane asks for an answer whose LZ4 frames still fill its segments.
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
    void theExactMtuIsMeasuredThroughTlsBothWays() {
        Map<String, Map<String, String>> before = ProbeCassandraDirectInteropTest.state(seed.gossipInfo());
        ProbeRun r = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName(),
                "--internode-encryption", "all", "--internode-compression", "all",
                "--keystore", pki.keystore("probe", LabHosts.B_V4).toString(), "--keystore-password", TestPki.PASSWORD,
                "--truststore", pki.truststore().toString(), "--truststore-password", TestPki.PASSWORD,
                "--store-type", pki.storeType());
        assertEquals(1, r.exitCode(), r.all());
        assertEquals("CASSANDRA", r.target().get("kind").asText(), r.all());
        assertEquals("BLACK_HOLE", r.outbound().get("status").asText(), r.all());
        assertEquals(1422, r.outbound().get("mtu").get("exact").asInt(), r.all());
        // towards us the seed compresses its answers: each lane asks for one whose LZ4 frames fill its segments
        assertEquals("BLACK_HOLE", r.inbound().get("status").asText(), r.all());
        assertEquals(1422, r.inbound().get("mtu").get("exact").asInt(), r.all());
        assertEquals(before, ProbeCassandraDirectInteropTest.state(seed.gossipInfo()),
                "the probe changed nothing in the seed's gossip state");
        System.err.println("[interop] vpn-blackhole, TLS + LZ4: " + r.outbound().get("summary").asText() + " / "
                + r.inbound().get("summary").asText() + "; exact after " + r.target().get("exactMillis"));
    }
}
