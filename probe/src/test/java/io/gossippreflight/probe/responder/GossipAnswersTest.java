package io.gossippreflight.probe.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.plan.DocumentationAddresses;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import java.util.List;
import org.junit.jupiter.api.Test;

class GossipAnswersTest {
    private static final String CLUSTER = "Test Cluster";
    private static final String P = "org.apache.cassandra.dht.Murmur3Partitioner";
    private static final SyntheticCluster C = SyntheticCluster.builder().endpoints(3).tokensPerEndpoint(4).build();
    private static final InetAddressAndPort SELF = C.endpoints().get(0);
    private static final InetAddressAndPort OTHER = C.endpoints().get(1);
    private static final GossipAnswers A = new GossipAnswers(CLUSTER, P, SELF, C.states());

    private static EndpointState state(InetAddressAndPort ep) {
        return C.states().stream().filter(s -> s.endpoint().equals(ep)).findFirst().orElseThrow().state();
    }

    private static GossipDigestAck ack(GossipDigest... digests) {
        GossipAnswers.Answer a = A.answer(new GossipDigestSyn(CLUSTER, P, List.of(digests)));
        assertTrue(!a.isDropped(), a.reason());
        return a.ack();
    }

    @Test
    void anotherClusterOrPartitionerIsDropped() {
        GossipAnswers.Answer a = A.answer(new GossipDigestSyn("Prod", P, List.of()));
        assertNull(a.ack());
        assertEquals(GossipAnswers.Drop.CLUSTER_NAME, a.dropped());
        assertTrue(a.reason().contains("'Prod' != 'Test Cluster'"), a.reason());
        GossipAnswers.Answer b = A.answer(new GossipDigestSyn(CLUSTER, "org.apache.cassandra.dht.RandomPartitioner", List.of()));
        assertEquals(GossipAnswers.Drop.PARTITIONER, b.dropped());
    }

    @Test
    void theShadowRoundGetsEveryState() {
        GossipDigestAck a = ack();
        assertEquals(List.of(), a.digests());
        assertEquals(C.states(), a.states());
    }

    @Test
    void unknownEndpointsAreRequestedBack() {
        InetAddressAndPort doc = DocumentationAddresses.endpoint(5);
        GossipDigestAck a = ack(new GossipDigest(doc, 7, 42));
        assertEquals(List.of(new GossipDigest(doc, 7, 0)), a.digests());
        assertEquals(List.of(), a.states());
    }

    @Test
    void digestsAreComparedAsCassandraDoes() {
        EndpointState s = state(OTHER);
        int gen = s.heartBeat().generation();
        int max = s.maxVersion();
        // same generation and version: nothing to say
        GossipDigestAck same = ack(new GossipDigest(OTHER, gen, max));
        assertEquals(0, same.digests().size() + same.states().size());
        // the sender knows a newer generation: request everything
        assertEquals(List.of(new GossipDigest(OTHER, gen + 1, 0)), ack(new GossipDigest(OTHER, gen + 1, 1)).digests());
        // the sender knows a newer version: request what is newer than ours
        assertEquals(List.of(new GossipDigest(OTHER, gen, max)), ack(new GossipDigest(OTHER, gen, max + 5)).digests());
        // the sender's generation is older: send the whole state
        List<AddressedState> all = ack(new GossipDigest(OTHER, gen - 1, 999)).states();
        assertEquals(List.of(new AddressedState(OTHER, s)), all);
        // same generation, older version: send only what is newer (and the heartbeat)
        int cut = s.entries().get(5).value().version();
        EndpointState delta = ack(new GossipDigest(OTHER, gen, cut)).states().get(0).state();
        assertEquals(s.heartBeat(), delta.heartBeat());
        assertTrue(delta.entries().stream().allMatch(e -> e.value().version() > cut));
        assertEquals(s.entries().stream().filter(e -> e.value().version() > cut).count(), delta.entries().size());
    }

    @Test
    void itsOwnEndpointIsAlwaysSentWhole() {
        EndpointState s = state(SELF);
        GossipDigestAck a = ack(new GossipDigest(SELF, s.heartBeat().generation(), 1));
        assertEquals(List.of(new AddressedState(SELF, s)), a.states());
    }
}
