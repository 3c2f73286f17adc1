package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** One gossiper, its messages recorded, peers played by the test. */
class GossiperTest {
    static final InetAddressAndPort A = InetAddressAndPort.parse("198.18.1.1", 7000);
    static final InetAddressAndPort B = InetAddressAndPort.parse("198.18.1.2", 7000);
    static final InetAddressAndPort C = InetAddressAndPort.parse("198.18.1.3", 7000);
    static final int GEN = 1_700_000_000;

    final SimulatedTime time = new SimulatedTime(GEN * 1000L + 500_000);
    final SimScheduler loop = time.newScheduler("a");
    final RecordingTransport net = new RecordingTransport(A);
    final MemoryLog log = new MemoryLog(NodeLog.Level.DEBUG);
    final GossipConfig config = GossipConfig.builder().clusterName("c").build();
    final Gossiper g = new Gossiper(config, A, List.of(B), loop, net, new Random(1), log);

    static EndpointState state(int gen, int hb, Object... kv) {
        EndpointState.Builder b = EndpointState.builder(ApplicationStateTable.CASSANDRA_5_0).heartBeat(gen, hb);
        for (int i = 0; i < kv.length; i += 3) {
            b.put((ApplicationState) kv[i], (String) kv[i + 1], (Integer) kv[i + 2]);
        }
        return b.build();
    }

    Message msg(Payload p) {
        return Message.gossip(77, time.currentTimeMillis(), p);
    }

    void started() {
        Map<ApplicationState, String> s = new LinkedHashMap<>();
        s.put(ApplicationState.HOST_ID, "00000000-0000-4000-8000-00000000000a");
        s.put(ApplicationState.STATUS_WITH_PORT, Status.normal("1"));
        g.start(GEN, s);
    }

    /** Makes C known to A with this state, the way it would arrive in an ACK2. */
    void learn(InetAddressAndPort ep, EndpointState s) {
        g.receive(B, msg(new GossipDigestAck2(List.of(new AddressedState(ep, s)))));
    }

    @Test
    void synGetsAnAckAskingForNewerAndSendingOlder() {
        started();
        learn(C, state(GEN, 10, ApplicationState.STATUS_WITH_PORT, Status.normal("5"), 3));
        EndpointState mine = g.localState();
        // B knows an older version of us, a newer C, and itself (unknown to us)
        g.receive(B, msg(new GossipDigestSyn("c", GossipConfig.MURMUR3_PARTITIONER, List.of(
                new GossipDigest(A, GEN, 1), new GossipDigest(C, GEN, 20), new GossipDigest(B, GEN + 5, 7)))));
        GossipDigestAck ack = (GossipDigestAck) net.last(Verb.GOSSIP_DIGEST_ACK).message().payload();
        assertEquals(List.of(new GossipDigest(C, GEN, 10), new GossipDigest(B, GEN + 5, 0)), ack.digests());
        assertEquals(1, ack.states().size());
        assertEquals(A, ack.states().get(0).endpoint());
        // a digest about ourselves gets everything we have (5.0 behaviour)
        assertEquals(mine.entries(), ack.states().get(0).state().entries());
        assertEquals(B, net.last(Verb.GOSSIP_DIGEST_ACK).to(), "answered to the sender's address");
    }

    @Test
    void synFromAnotherClusterOrPartitionerIsDroppedWithAWarning() {
        started();
        g.receive(B, msg(new GossipDigestSyn("other", GossipConfig.MURMUR3_PARTITIONER, List.of(new GossipDigest(B, 1, 1)))));
        g.receive(B, msg(new GossipDigestSyn("c", "org.apache.cassandra.dht.RandomPartitioner", List.of(new GossipDigest(B, 1, 1)))));
        assertTrue(net.of(Verb.GOSSIP_DIGEST_ACK).isEmpty());
        assertEquals(1, log.grep("ClusterName mismatch from " + B + " other!=c").size(), log.lines().toString());
        assertEquals(1, log.grep("Partitioner mismatch").size());
    }

    @Test
    void shadowSynToARunningNodeGetsEveryState() {
        started();
        learn(C, state(GEN, 10, ApplicationState.STATUS_WITH_PORT, Status.normal("5"), 3));
        g.receive(B, msg(new GossipDigestSyn("c", GossipConfig.MURMUR3_PARTITIONER, List.of())));
        GossipDigestAck ack = (GossipDigestAck) net.last(Verb.GOSSIP_DIGEST_ACK).message().payload();
        assertTrue(ack.digests().isEmpty());
        assertEquals(List.of(A, C), ack.states().stream().map(AddressedState::endpoint).toList());
    }

    @Test
    void nodeInItsOwnShadowRoundAnswersShadowSynsWithAMinimalAckAndIgnoresOthers() {
        g.shadowRound(List.of());
        g.receive(C, msg(new GossipDigestSyn("c", GossipConfig.MURMUR3_PARTITIONER, List.of(new GossipDigest(C, 1, 1)))));
        assertTrue(net.of(Verb.GOSSIP_DIGEST_ACK).isEmpty());
        g.receive(C, msg(new GossipDigestSyn("c", GossipConfig.MURMUR3_PARTITIONER, List.of())));
        GossipDigestAck ack = (GossipDigestAck) net.last(Verb.GOSSIP_DIGEST_ACK).message().payload();
        assertTrue(ack.digests().isEmpty() && ack.states().isEmpty());
    }

    @Test
    void ackWithStatesBeforeOurFirstSynIsIgnored() {
        started();
        g.receive(B, msg(new GossipDigestAck(List.of(), List.of(new AddressedState(C, state(GEN, 3))))));
        assertNull(g.endpoints().get(C));
        assertTrue(net.of(Verb.GOSSIP_DIGEST_ACK2).isEmpty());
        assertEquals(1, log.grep("Ignoring unrequested GossipDigestAck").size());
    }

    @Test
    void ackIsAppliedAndAnsweredWithAnAck2OfWhatWasAskedFor() {
        started();
        time.advance(Duration.ofSeconds(1)); // first round: a SYN goes to the seed
        assertEquals(B, net.last(Verb.GOSSIP_DIGEST_SYN).to());
        g.receive(B, msg(new GossipDigestAck(List.of(new GossipDigest(A, GEN, 0)),
                List.of(new AddressedState(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2))))));
        assertEquals("NORMAL", g.endpoints().get(C).status());
        GossipDigestAck2 ack2 = (GossipDigestAck2) net.last(Verb.GOSSIP_DIGEST_ACK2).message().payload();
        assertEquals(A, ack2.states().get(0).endpoint());
        // asked about ourselves: everything, whatever version was asked
        assertEquals(g.localState().entries().size(), ack2.states().get(0).state().entries().size());
    }

    @Test
    void newEndpointIsUpOnlyAfterItAnswersAnEcho() {
        started();
        learn(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        assertFalse(g.endpoints().live().contains(C));
        RecordingTransport.Sent echo = net.last(Verb.ECHO_REQ);
        assertEquals(C, echo.to());
        learn(C, state(GEN, 4, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        assertEquals(1, net.of(Verb.ECHO_REQ).size(), "one echo in flight per incarnation");
        g.receive(C, new Message(echo.message().id(), 0, 10_000, Verb.ECHO_RSP, NoPayload.INSTANCE));
        assertTrue(g.endpoints().live().contains(C));
        assertEquals(1, log.grep("InetAddress " + C + " is now UP").size());
    }

    @Test
    void echoRequestIsAnsweredWithTheSameId() {
        started();
        g.receive(C, new Message(4242, 0, 10_000, Verb.ECHO_REQ, NoPayload.INSTANCE));
        RecordingTransport.Sent rsp = net.last(Verb.ECHO_RSP);
        assertEquals(C, rsp.to());
        assertEquals(4242, rsp.message().id());
    }

    @Test
    void pingRequestIsAnsweredWithAPingResponseOfTheSameId() {
        started();
        g.receive(C, new Message(777, 0, 10_000, Verb.PING_REQ, new io.gossippreflight.wire.message.RawPayload(new byte[] {1})));
        RecordingTransport.Sent rsp = net.last(Verb.PING_RSP);
        assertEquals(C, rsp.to());
        assertEquals(777, rsp.message().id());
    }

    private void upC() {
        learn(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2,
                ApplicationState.HOST_ID, "00000000-0000-4000-8000-00000000000c", 1));
        g.receive(C, new Message(net.last(Verb.ECHO_REQ).message().id(), 0, 10_000, Verb.ECHO_RSP, NoPayload.INSTANCE));
        assertTrue(g.endpoints().isAlive(C));
    }

    @Test
    void gossipShutdownWithStateMarksDownAndCannotBeOverriddenWithinTheGeneration() {
        started();
        upC();
        EndpointState shut = state(GEN, 9, ApplicationState.STATUS_WITH_PORT, Status.shutdown(), 8,
                ApplicationState.STATUS, Status.shutdown(), 7);
        g.receive(C, new Message(5, 0, 10_000, Verb.GOSSIP_SHUTDOWN, new GossipShutdown(shut)));
        PeerState p = g.endpoints().get(C);
        assertFalse(p.alive());
        assertEquals("shutdown", p.status());
        assertEquals(Integer.MAX_VALUE, p.state().heartBeat().version());
        // a stale NORMAL rumour of the same generation cannot win any more
        learn(C, state(GEN, 500, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 400));
        assertEquals("shutdown", g.endpoints().get(C).status());
        // a restart (new generation) does
        learn(C, state(GEN + 60, 2, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 1));
        assertEquals("NORMAL", g.endpoints().get(C).status());
        assertEquals(1, log.grep("Node " + C + " has restarted, now UP").size());
    }

    @Test
    void gossipShutdownFromAnOlderGenerationIsIgnoredAndLegacyEmptyOneStillWorks() {
        started();
        learn(C, state(GEN + 10, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        g.receive(C, new Message(5, 0, 10_000, Verb.GOSSIP_SHUTDOWN,
                new GossipShutdown(state(GEN, 9, ApplicationState.STATUS_WITH_PORT, Status.shutdown(), 8))));
        assertEquals("NORMAL", g.endpoints().get(C).status());
        g.receive(C, new Message(6, 0, 10_000, Verb.GOSSIP_SHUTDOWN, GossipShutdown.EMPTY));
        assertEquals("shutdown", g.endpoints().get(C).status());
        assertEquals("false", g.endpoints().get(C).value(ApplicationState.RPC_READY));
    }

    @Test
    void generationFarInTheFutureIsRejected() {
        started();
        learn(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        learn(C, state(GEN + 400 * 86400, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("1"), 2));
        assertEquals(GEN, g.endpoints().get(C).generation());
        assertEquals(1, log.grep("received an invalid gossip generation for peer " + C).size());
    }

    @Test
    void newerVersionsMergePerStateAndOlderOnesAreKept() {
        started();
        learn(C, state(GEN, 5, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2,
                ApplicationState.LOAD, "1.0", 4));
        // a third party with a newer LOAD but an older STATUS copy
        learn(C, state(GEN, 6, ApplicationState.STATUS_WITH_PORT, Status.boot("9"), 1,
                ApplicationState.LOAD, "2.0", 6));
        PeerState p = g.endpoints().get(C);
        assertEquals("2.0", p.value(ApplicationState.LOAD));
        assertEquals("NORMAL", p.status());
        assertEquals(6, p.state().heartBeat().version());
    }

    @Test
    void quarantinedEndpointIgnoresRumoursUntilTheQuarantineEnds() {
        started();
        learn(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        long expire = time.currentTimeMillis() + 1000;
        learn(C, state(GEN, 4, ApplicationState.STATUS_WITH_PORT, Status.left("9", expire), 4));
        assertTrue(g.endpoints().isQuarantined(C));
        time.advance(Duration.ofSeconds(3)); // past expiry: evicted at the next status check
        assertNull(g.endpoints().get(C));
        // a node that never heard of the LEFT gossips the old NORMAL: ignored while quarantined
        learn(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        assertNull(g.endpoints().get(C));
        time.advance(config.quarantineDelay().plusSeconds(1));
        learn(C, state(GEN, 3, ApplicationState.STATUS_WITH_PORT, Status.normal("9"), 2));
        assertEquals("NORMAL", g.endpoints().get(C).status(), "after the quarantine the rumour is news again");
    }

    @Test
    void silentFatClientIsDroppedAfterItsTimeout() {
        started();
        learn(C, state(GEN, 3, ApplicationState.HOST_ID, "00000000-0000-4000-8000-00000000000c", 1));
        assertFalse(g.endpoints().isRingMember(C));
        time.advance(config.fatClientTimeout().minusSeconds(2));
        assertTrue(g.endpoints().get(C) != null);
        time.advance(Duration.ofSeconds(4));
        assertNull(g.endpoints().get(C));
        assertEquals(1, log.grep("FatClient " + C + " has been silent for 30000ms").size());
    }

    @Test
    void convictionLogsThePhi() {
        started();
        upC();
        time.advance(Duration.ofSeconds(40));
        assertFalse(g.endpoints().isAlive(C));
        List<String> down = log.grep("InetAddress " + C + " is now DOWN (phi ");
        assertEquals(1, down.size(), log.lines().toString());
        assertTrue(down.get(0).contains("> phi_convict_threshold 8.0"), down.get(0));
    }

    @Test
    void gracefulStopAnnouncesShutdownToLivePeersThenStops() {
        started();
        upC();
        assertTrue(g.endpoints().isRingMember(A), "we are NORMAL, so we announce");
        var done = g.stop();
        RecordingTransport.Sent s = net.last(Verb.GOSSIP_SHUTDOWN);
        assertEquals(C, s.to());
        GossipShutdown gs = (GossipShutdown) s.message().payload();
        assertEquals("shutdown", PeerState.statusValue(gs.state()).split(",")[0]);
        assertFalse(done.isDone());
        time.advance(config.shutdownAnnounceDelay());
        assertTrue(done.isDone());
        assertFalse(g.isEnabled());
        int syns = net.of(Verb.GOSSIP_DIGEST_SYN).size();
        time.advance(Duration.ofSeconds(5));
        assertEquals(syns, net.of(Verb.GOSSIP_DIGEST_SYN).size(), "no rounds after stop");
        g.receive(C, new Message(4243, 0, 10_000, Verb.ECHO_REQ, NoPayload.INSTANCE));
        assertTrue(net.of(Verb.ECHO_RSP).isEmpty(), "a stopped node answers no echo");
    }
}
