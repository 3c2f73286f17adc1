package io.gossippreflight.wire.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.fixtures.cassandra.CassandraNode;
import io.gossippreflight.fixtures.cassandra.CassandraNodes;
import io.gossippreflight.fixtures.cassandra.InteropSupport;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.Topology;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The wire Netty handlers against a real Cassandra 5.0.9 seed: handshakes both ways, a batch
 * of two messages in one frame, and 200,000-byte messages over non-self-contained frames in
 * both directions (the seed's 199,943-byte ACK is decoded by our acceptor).
 */
@Tag(InteropSupport.TAG)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class WireCassandraInteropTest {
    private static final String CLUSTER = "wire-interop";
    private static Lab lab;
    private static CassandraNodes nodes;
    private static CassandraNode seed;

    @BeforeAll
    static void up() {
        nodes = InteropSupport.up(Topology.DIRECT, WireCassandraInteropTest.class);
        lab = nodes.lab();
        seed = nodes.start(LabHosts.A, nodes.config("seed", LabHosts.A_V4).clusterName(CLUSTER).build(), InteropSupport.STARTUP);
    }

    @AfterAll
    static void down() {
        InteropSupport.down(nodes);
    }

    @Test
    void handshakesBatchesAndLargeMessagesBothWays() {
        String java = ProcessHandle.current().info().command().orElse("java");
        ExecResult r = lab.exec(LabHosts.B, List.of(java, "-cp", System.getProperty("java.class.path"),
                WireInteropMain.class.getName(), LabHosts.A_V4, LabHosts.B_V4, CLUSTER), Duration.ofSeconds(90));
        String out = r.stdout();
        assertEquals(0, r.exitCode(), r.output());
        for (String expected : List.of("RESULT handshake=URGENT_MESSAGES", "RESULT handshake=LARGE_MESSAGES",
                "RESULT shadow_ack_with_seed_state_true=2", "RESULT ECHO_RSP=2", "RESULT large_ack_requesting_13328=2",
                "RESULT complete=true")) {
            assertTrue(out.contains(expected), expected + " in\n" + out);
        }
        assertTrue(!out.contains("RESULT error"), out);
        // the seed logged no trouble with what we sent, and made no state for the made-up digests
        assertEquals(List.of(), seed.logLines(Pattern.compile("(?i)unexpected exception|InvalidSerializedSize|EOFException")));
        assertTrue(seed.gossipInfo().endpoints().keySet().stream().noneMatch(e -> e.toString().contains("198.19.")),
                "no endpoint state for the padding digests");
    }
}
