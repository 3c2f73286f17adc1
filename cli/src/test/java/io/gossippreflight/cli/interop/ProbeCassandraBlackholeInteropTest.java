package io.gossippreflight.cli.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The seed story with real Cassandra 5.0.9: on {@code vpn-blackhole} with {@code num_tokens:
 * 256}, {@code probe check} from b finds a black hole towards us at exactly 1422 and says the
 * seed's ≈5.2 KB shadow ACK cannot arrive; after its suggested fix is applied in the lab, the
 * probe passes and a real second node joins (UN).
 */
@Tag(InteropSupport.TAG)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
class ProbeCassandraBlackholeInteropTest {
    private static Lab lab;
    private static CassandraNodes nodes;
    private static CassandraNode seed;
    private static ProbeRun first;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.VPN_BLACKHOLE, ProbeCassandraBlackholeInteropTest.class);
        lab = nodes.lab();
        lab.resetPmtu();
        seed = nodes.start(LabHosts.A, nodes.config("seed", LabHosts.A_V4).numTokens(256).build(), InteropSupport.STARTUP);
    }

    @AfterAll
    static void down() {
        InteropSupport.down(nodes);
    }

    /**
     * Waits until nothing the seed sent towards b is still unacknowledged: the answers stuck in the
     * black hole (ours from the first check) go out again at the new MTU once it is set, and a
     * check running meanwhile would see their retransmissions as loss.
     */
    private static void drained(Duration max) {
        long end = System.nanoTime() + max.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            ExecResult ss = lab.exec(LabHosts.A, List.of("ss", "-Htn", "state", "established", "dst", LabHosts.B_V4),
                    Duration.ofSeconds(10));
            assertTrue(ss.ok(), ss.output());
            last = ss.stdout();
            boolean pending = last.lines().map(String::trim).filter(l -> !l.isEmpty())
                    .anyMatch(l -> !l.split("\\s+")[1].equals("0"));
            if (!pending) {
                return;
            }
            lab.exec(LabHosts.A, List.of("sleep", "0.2"), Duration.ofSeconds(5)); // bounded poll of the kernel's queues
        }
        throw new AssertionError("the seed still has data queued towards b after " + max + ":\n" + last);
    }

    @Test
    @Order(1)
    void aBlackHoleTowardsUsAt1422AndTheShadowAckCannotArrive() {
        Map<String, Map<String, String>> before = ProbeCassandraDirectInteropTest.state(seed.gossipInfo());
        first = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName());
        ProbeRun r = first;
        assertEquals(1, r.exitCode(), r.all());
        assertEquals("CASSANDRA", r.target().get("kind").asText());
        assertEquals("BLACK_HOLE", r.inbound().get("status").asText(), r.all());
        assertEquals(1422, r.inbound().get("mtu").get("exact").asInt(), r.all());
        assertEquals("BLACK_HOLE", r.outbound().get("status").asText(), r.all());
        assertEquals(1422, r.outbound().get("mtu").get("exact").asInt(), r.all());
        JsonNode shadow = r.target().get("needs").get("messages").get(0);
        assertEquals("INBOUND", shadow.get("direction").asText());
        int bytes = shadow.get("bytes").asInt();
        assertTrue(bytes > 5_000 && bytes < 5_600, "≈5.2 KB: " + bytes);
        assertFalse(shadow.get("crosses").asBoolean(), "the seed's shadow ACK cannot arrive");
        assertEquals(before, ProbeCassandraDirectInteropTest.state(seed.gossipInfo()),
                "the probe changed nothing in the seed's gossip state");
        System.err.println("[interop] vpn-blackhole: " + r.inbound().get("summary").asText() + "; exact after "
                + r.target().get("exactMillis"));
    }

    @Test
    @Order(2)
    void aSeedThatPausesLikeAGcPauseGivesTheSameVerdict() throws Exception {
        ProbeRun r;
        int pauses;
        try (Pauser p = new Pauser(seed.pid(), java.time.Duration.ofMillis(500), java.time.Duration.ofMillis(1_500),
                java.time.Duration.ofSeconds(3))) {
            r = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName());
            pauses = p.pauses();
        }
        assertTrue(pauses >= 2, "the seed was paused during the check: " + pauses);
        assertEquals(1, r.exitCode(), r.all());
        assertEquals("BLACK_HOLE", r.inbound().get("status").asText(), r.all());
        assertEquals(1422, r.inbound().get("mtu").get("exact").asInt(), r.all());
        assertEquals("BLACK_HOLE", r.outbound().get("status").asText(), r.all());
        assertEquals(1422, r.outbound().get("mtu").get("exact").asInt(), r.all());
        System.err.println("[interop] vpn-blackhole, seed paused " + pauses + " x 1.5 s: the same verdict after "
                + r.target().get("elapsedMillis") + " ms");
    }

    @Test
    @Order(3)
    void afterTheSuggestedFixTheProbePassesAndARealNodeJoins() {
        assertTrue(first != null, "runs after the diagnosis");
        // the interface-MTU fix of each direction, run where the report says
        List<String> applied = new ArrayList<>();
        for (JsonNode v : List.of(first.outbound(), first.inbound())) {
            for (JsonNode fix : v.get("fixes")) {
                if (fix.get("kind").asText().equals("INTERFACE_MTU")) {
                    String host = fix.get("where").asText().equals(LabHosts.A_V4) ? LabHosts.A : LabHosts.B;
                    ExecResult done = lab.sh(host, fix.get("command").asText(), Duration.ofSeconds(10));
                    assertTrue(done.ok(), fix + ": " + done.output());
                    applied.add(host + ": " + fix.get("command").asText());
                }
            }
        }
        assertEquals(2, applied.size(), "one fix for each sender: " + applied);
        drained(Duration.ofSeconds(40));
        ProbeRun again = ProbeRun.at(lab, LabHosts.A_V4, "--cluster-name", seed.config().clusterName());
        assertEquals(0, again.exitCode(), again.all());
        assertTrue(again.target().get("needs").get("allCross").asBoolean(), again.all());

        CassandraNode joiner = nodes.start(LabHosts.B, nodes.config("joiner", LabHosts.B_V4).numTokens(256)
                .seeds(LabHosts.A_V4).build(), InteropSupport.STARTUP);
        seed.awaitStatus(LabHosts.B_V4, "UN", InteropSupport.STARTUP);
        assertEquals("UN", seed.status().codeOf(LabHosts.B_V4));
        System.err.println("[interop] vpn-blackhole after " + applied + ": joiner UN after "
                + joiner.startupTime().orElseThrow());
    }
}
