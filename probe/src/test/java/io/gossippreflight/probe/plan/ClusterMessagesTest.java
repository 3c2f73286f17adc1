package io.gossippreflight.probe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.MessagingVersion;
import org.junit.jupiter.api.Test;

class ClusterMessagesTest {
    private static ClusterMessages of(int n, int t) {
        return ClusterMessages.of(n, t, "Test Cluster", "org.apache.cassandra.dht.Murmur3Partitioner", MessagingVersion.V12);
    }

    @Test
    void oneSeedWith256TokensAnswersTheShadowRoundWithAbout5kB() {
        ClusterMessages m = of(1, 256);
        // ≈19 bytes per token (Cassandra's TokenSerializer in a string) + the other states
        assertTrue(m.shadowAck() > 5_000 && m.shadowAck() < 5_500, "shadow ACK " + m.shadowAck());
        assertEquals(m.shadowAck(), m.largestInbound());
        assertTrue(m.shadowSyn() < 100, "shadow SYN " + m.shadowSyn());
    }

    @Test
    void sizesGrowWithEndpointsAndTokens() {
        ClusterMessages small = of(3, 16);
        ClusterMessages moreTokens = of(3, 256);
        ClusterMessages moreNodes = of(30, 16);
        assertTrue(moreTokens.shadowAck() > small.shadowAck() + 3 * 200 * 19);
        assertTrue(moreNodes.shadowAck() > 9 * small.shadowAck());
        assertTrue(moreNodes.syn() > small.syn() + 27 * 15);
        // an ACK2 with every state is the shadow ACK's states without its empty digest list
        assertEquals(small.shadowAck() - 4, small.ack2(), "ACK2 = shadow ACK minus its digest count");
        assertEquals(Math.max(small.syn(), small.ack2()), small.largestOutbound());
    }
}
