package io.gossippreflight.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.GossipInfo;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.Pauser;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.Topology;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code probe check} against a real Cassandra 5.0.9 seed (256 tokens) on a healthy path: both
 * directions healthy, the seed's own shadow-round ACK measured, a wrong cluster name named, and
 * the seed's gossip state exactly as before the probes.
 */
@Tag(InteropSupport.TAG)
@Timeout(value = 8, unit = java.util.concurrent.TimeUnit.MINUTES)
class ProbeCassandraDirectInteropTest {
    private static Lab lab;
    private static CassandraNodes nodes;
    private static CassandraNode seed;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.DIRECT, ProbeCassandraDirectInteropTest.class);
        lab = nodes.lab();
        seed = nodes.start(LabHosts.A, nodes.config("seed", LabHosts.A_V4).numTokens(256).build(), InteropSupport.STARTUP);
    }

    @AfterAll
    static void down() {
        InteropSupport.down(nodes);
    }

    /** Endpoints and the names and values of their states; heartbeats and LOAD move by themselves. */
    static Map<String, Map<String, String>> state(GossipInfo g) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        g.endpoints().forEach((ep, e) -> {
            Map<String, String> s = new TreeMap<>();
            e.states().forEach((k, v) -> {
                if (!k.equals("LOAD")) {
                    s.put(k, v.value());
                }
            });
            out.put(ep, s);
        });
        return out;
    }

    @Test
    void healthyBothWaysWithTheSeedsShadowAckSizeAndItsStateUntouched() {
        Map<String, Map<String, String>> before = state(seed.gossipInfo());
        ProbeRun r = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName());
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("CASSANDRA", r.target().get("kind").asText(), "detected a real node: " + r.all());
        assertEquals("HEALTHY", r.outbound().get("status").asText(), r.all());
        assertEquals("HEALTHY", r.inbound().get("status").asText(), r.all());
        JsonNode needs = r.target().get("needs");
        assertTrue(needs.get("source").asText().startsWith("the target's shadow-round ACK"), needs.toString());
        assertEquals(256, needs.get("tokens").asInt());
        int ack = needs.get("messages").get(0).get("bytes").asInt();
        assertTrue(ack > 5_000 && ack < 5_600, "the seed's shadow ACK with 256 tokens is about 5.2 KB: " + ack);
        assertTrue(needs.get("messages").get(0).get("crosses").asBoolean());
        JsonNode schema = needs.get("messages").get(3);
        assertEquals("schema pull response", schema.get("name").asText(), needs.toString());
        assertFalse(schema.get("estimate").asBoolean(), "measured from the seed: " + schema);
        assertTrue(schema.get("bytes").asInt() >= 12_987, "an empty 5.0.9 schema is 12,987 bytes: " + schema);
        assertEquals(before, state(seed.gossipInfo()), "the probe changed nothing in the seed's gossip state");
        System.err.println("[interop] direct: seed's shadow-round ACK " + ack + " bytes; exact after "
                + r.target().get("exactMillis"));
    }

    @Test
    void aSeedThatPausesLikeAGcPauseIsSlowNeverLost() throws Exception {
        Map<String, Map<String, String>> before = state(seed.gossipInfo());
        ProbeRun r;
        int pauses;
        // 1.5 s stops of the seed's JVM every 3 s, from the handshake on
        try (Pauser p = new Pauser(seed.pid(), Duration.ofMillis(500), Duration.ofMillis(1_500), Duration.ofSeconds(3))) {
            r = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName());
            pauses = p.pauses();
        }
        // the check may end before a second pause (it takes ~3 s here): one stop in the middle is what is asked
        assertTrue(pauses >= 1, "the seed was paused during the check: " + pauses);
        assertEquals(0, r.exitCode(), r.all());
        assertEquals("HEALTHY", r.outbound().get("status").asText(), r.all());
        assertEquals("HEALTHY", r.inbound().get("status").asText(), r.all());
        assertEquals(9001, r.outbound().get("mtu").get("exact").asInt(), r.all());
        assertEquals(9001, r.inbound().get("mtu").get("exact").asInt(), r.all());
        assertEquals(before, state(seed.gossipInfo()), "the probe changed nothing in the seed's gossip state");
        System.err.println("[interop] direct, seed paused " + pauses + " x 1.5 s: the same verdict after "
                + r.target().get("elapsedMillis") + " ms");
    }

    @Test
    void aWrongClusterNameIsNamed() {
        Map<String, Map<String, String>> before = state(seed.gossipInfo());
        ProbeRun r = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", "Not " + seed.config().clusterName());
        assertEquals(1, r.exitCode(), r.all());
        assertEquals("MISMATCH", r.outbound().get("status").asText(), r.all());
        assertTrue(r.outbound().get("summary").asText().startsWith("cluster_name mismatch"), r.all());
        assertEquals(before, state(seed.gossipInfo()));
        assertTrue(seed.awaitLog(java.util.regex.Pattern.compile("ClusterName mismatch"), java.time.Duration.ofSeconds(10))
                .isPresent(), "the seed logged the mismatch (WARN), as for a real joining node");
    }
}
