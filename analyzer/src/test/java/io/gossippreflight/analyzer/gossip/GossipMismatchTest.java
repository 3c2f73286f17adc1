package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.MessageInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GossipMismatchTest {
    static final String P = "org.apache.cassandra.dht.Murmur3Partitioner";

    static MessageInfo syn(String from, String to, String cluster, String partitioner, boolean delivered) {
        return new MessageInfo(0, 0, from, to, "GOSSIP_DIGEST_SYN", 1, 100, 0, 100, 1, -1, delivered ? "delivered" : "lost",
                delivered, null, cluster, partitioner);
    }

    static MessageInfo ack(String from, String to) {
        return new MessageInfo(0, 1, from, to, "GOSSIP_DIGEST_ACK", 2, 500, 0, 500, 0, 1, "delivered", true, null, null,
                null);
    }

    @Test
    void unansweredSynsFromAnotherClusterAreNamed() {
        List<MessageInfo> m = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            m.add(syn("b", "a", "Test Cluster", P, true));
        }
        m.add(syn("a", "c", "Prod Cluster", P, true));
        List<GossipAnalysis.Ignored> ignored = GossipAnalysis.ignored(m);
        assertEquals(1, ignored.size());
        GossipAnalysis.Ignored i = ignored.get(0);
        assertEquals("b", i.from());
        assertEquals("a", i.to());
        assertEquals(3, i.syns());
        assertEquals("Prod Cluster", i.theirCluster());
        assertTrue(i.text().contains("cluster name 'Test Cluster' vs 'Prod Cluster'"), i.text());
    }

    @Test
    void partitionerMismatchAndUnknownPeer() {
        List<MessageInfo> m = new ArrayList<>(List.of(syn("b", "a", "C", "x.RandomPartitioner", true),
                syn("b", "a", "C", "x.RandomPartitioner", true), syn("a", "c", "C", P, true)));
        assertTrue(GossipAnalysis.ignored(m).get(0).text().contains("partitioner x.RandomPartitioner vs " + P));
        List<MessageInfo> unknown = List.of(syn("b", "a", "C", P, true), syn("b", "a", "C", P, true));
        GossipAnalysis.Ignored i = GossipAnalysis.ignored(unknown).get(0);
        assertNull(i.theirCluster());
        assertTrue(i.text().contains("its own SYNs were not captured"), i.text());
    }

    @Test
    void answeredOrUndeliveredSynsAreNotAMismatch() {
        List<MessageInfo> answered = List.of(syn("b", "a", "C", P, true), syn("b", "a", "C", P, true), ack("a", "b"));
        assertTrue(GossipAnalysis.ignored(answered).isEmpty());
        List<MessageInfo> lost = List.of(syn("b", "a", "C", P, false), syn("b", "a", "C", P, false));
        assertTrue(GossipAnalysis.ignored(lost).isEmpty(), "a lost SYN is the network's fault, not a mismatch");
        List<MessageInfo> sameCluster = List.of(syn("b", "a", "C", P, true), syn("b", "a", "C", P, true),
                syn("a", "c", "C", P, true));
        assertTrue(GossipAnalysis.ignored(sameCluster).isEmpty());
    }
}
