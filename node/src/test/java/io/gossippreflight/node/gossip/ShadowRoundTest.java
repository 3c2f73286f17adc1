package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ShadowRoundTest {
    static final InetAddressAndPort A = GossiperTest.A;
    static final InetAddressAndPort S1 = GossiperTest.B;
    static final InetAddressAndPort S2 = GossiperTest.C;
    static final InetAddressAndPort PEER = InetAddressAndPort.parse("198.18.1.9", 7000);

    final SimulatedTime time = new SimulatedTime(1_700_000_000_000L);
    final SimScheduler loop = time.newScheduler("a");
    final RecordingTransport net = new RecordingTransport(A);
    final MemoryLog log = new MemoryLog(NodeLog.Level.DEBUG);
    final GossipConfig config = GossipConfig.builder().clusterName("c").build();

    Gossiper gossiper(List<InetAddressAndPort> seeds) {
        return new Gossiper(config, A, seeds, loop, net, new Random(1), log);
    }

    Message ack(List<AddressedState> states) {
        return Message.gossip(9, 0, new GossipDigestAck(List.of(), states));
    }

    @Test
    void sameEmptySynToEverySeedEveryFiveSecondsPeersFromTheSecondTryThenGivesUpWithAReport() {
        Gossiper g = gossiper(List.of(S1, S2));
        CompletableFuture<ShadowRound.Result> f = g.shadowRound(List.of(PEER));
        List<RecordingTransport.Sent> first = net.of(Verb.GOSSIP_DIGEST_SYN);
        assertEquals(List.of(S1, S2), first.stream().map(RecordingTransport.Sent::to).toList());
        GossipDigestSyn syn = (GossipDigestSyn) first.get(0).message().payload();
        assertTrue(syn.digests().isEmpty());
        assertEquals("c", syn.clusterName());
        time.advance(Duration.ofSeconds(4));
        assertEquals(2, net.of(Verb.GOSSIP_DIGEST_SYN).size());
        time.advance(Duration.ofSeconds(1));
        List<RecordingTransport.Sent> all = net.of(Verb.GOSSIP_DIGEST_SYN);
        assertEquals(List.of(S1, S2, S1, S2, PEER), all.stream().map(RecordingTransport.Sent::to).toList());
        assertTrue(all.stream().allMatch(s -> s.message().id() == first.get(0).message().id()), "one message, re-sent");
        time.advance(Duration.ofSeconds(55));
        assertFalse(f.isDone(), "a non-seed waits 2 x RING_DELAY");
        time.advance(Duration.ofSeconds(1));
        ExecutionException e = assertThrows(ExecutionException.class, f::get);
        ShadowRoundException sre = (ShadowRoundException) e.getCause();
        assertTrue(sre.getMessage().startsWith("Unable to gossip with any peers within 60000ms"), sre.getMessage());
        assertTrue(sre.getMessage().contains("seed " + S1 + ": 13 shadow SYN(s) sent, no ACK came back"), sre.getMessage());
        assertTrue(sre.getMessage().contains("peer " + PEER + ": 12 shadow SYN(s) sent"), sre.getMessage());
    }

    @Test
    void aSeedNobodyAnswersCarriesOnAfterRingDelay() {
        Gossiper g = gossiper(List.of(A, S1));
        CompletableFuture<ShadowRound.Result> f = g.shadowRound(List.of());
        time.advance(Duration.ofSeconds(31));
        assertTrue(f.isDone() && !f.isCompletedExceptionally());
        assertTrue(f.join().states().isEmpty());
    }

    @Test
    void theOnlySeedSkipsTheShadowRound() {
        Gossiper g = gossiper(List.of(A));
        CompletableFuture<ShadowRound.Result> f = g.shadowRound(List.of());
        assertTrue(f.isDone());
        assertTrue(net.sent.isEmpty());
    }

    @Test
    void firstFullAckEndsItWithItsStates() {
        Gossiper g = gossiper(List.of(S1, S2));
        CompletableFuture<ShadowRound.Result> f = g.shadowRound(List.of());
        g.receive(S2, ack(List.of(new AddressedState(S2, GossiperTest.state(5, 6,
                ApplicationState.STATUS_WITH_PORT, Status.normal("3"), 2)))));
        assertTrue(f.isDone());
        ShadowRound.Result r = f.join();
        assertEquals(List.of(S2), List.copyOf(r.states().keySet()));
        assertEquals(ShadowRound.Answer.FULL_ACK, r.peers().stream().filter(p -> p.peer().equals(S2)).findFirst().orElseThrow().answer());
        assertEquals(ShadowRound.Answer.NONE, r.peers().stream().filter(p -> p.peer().equals(S1)).findFirst().orElseThrow().answer());
    }

    @Test
    void ackWithOurOldStateButNoHostIdIsNotEnough() {
        Gossiper g = gossiper(List.of(S1));
        CompletableFuture<ShadowRound.Result> f = g.shadowRound(List.of());
        g.receive(S1, ack(List.of(new AddressedState(A, GossiperTest.state(5, 6,
                ApplicationState.STATUS_WITH_PORT, Status.normal("3"), 2)))));
        assertFalse(f.isDone());
        g.receive(S1, ack(List.of(new AddressedState(A, GossiperTest.state(5, 6,
                ApplicationState.STATUS_WITH_PORT, Status.normal("3"), 2,
                ApplicationState.HOST_ID, "00000000-0000-4000-8000-00000000000a", 1)))));
        assertTrue(f.isDone());
    }

    @Test
    void allSeedsInTheirOwnShadowRoundLetsUsProceedEmpty() {
        Gossiper g = gossiper(List.of(S1, S2));
        CompletableFuture<ShadowRound.Result> f = g.shadowRound(List.of());
        g.receive(S1, ack(List.of()));
        assertFalse(f.isDone(), "one seed is not all seeds");
        g.receive(S2, ack(List.of()));
        assertTrue(f.isDone());
        assertTrue(f.join().states().isEmpty());
        assertTrue(f.join().how().contains("all seeds are in a shadow round"));
    }
}
