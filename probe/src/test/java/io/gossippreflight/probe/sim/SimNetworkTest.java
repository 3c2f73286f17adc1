package io.gossippreflight.probe.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.LinkFailure;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/**
 * The simulated network itself, where the check reads it: what a kernel learns from ICMP and how
 * it resends, what a black hole, loss, a clamp, a pause and a learned path MTU look like in
 * TCP_INFO, and DF UDP through the same path.
 */
class SimNetworkTest {
    private static final MessagingVersion V12 = MessagingVersion.V12;

    /** Our end: a listener for the answers, a link to the target advertising it. */
    private static final class Ends {
        final SimProbeNetwork net;
        final List<Message> answers = new ArrayList<>();
        final Listener listener;

        Ends(SimProbeNetwork net) {
            this.net = net;
            this.listener = await(net, net.listen(new InetSocketAddress(net.route(net.targetAddress().getAddress())
                    .source(), 7000), 0, V12, V12, (c, m, at, tcp) -> answers.add(m)));
        }

        Link link(int maxSeg) {
            return await(net, net.connect(new Link.Spec(net.targetAddress(), null, Endpoints.of(listener.localAddress()),
                    ConnectionType.URGENT_MESSAGES, maxSeg, Duration.ofSeconds(5), V12, V12)));
        }
    }

    private static <T> T await(SimProbeNetwork net, CompletableFuture<T> f) {
        net.time().advanceUntil(f::isDone, Duration.ofMinutes(1), Duration.ofMillis(1));
        return f.join();
    }

    private static Message syn(int bytes) {
        return Message.gossip(1, 0, ProbeMessages.synOfSize("Test Cluster", "org.apache.cassandra.dht.Murmur3Partitioner",
                bytes, 1_000, V12));
    }

    private static Message echo(long id) {
        return new Message(id, 0, Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ, NoPayload.INSTANCE);
    }

    private static SimProbeNetwork net(PathSpec p) {
        return SimProbeNetwork.builder(1).path(p.rtt(Duration.ofMillis(100), 0.1)).build();
    }

    @Test
    void icmpTeachesTheSenderWhichResendsSmaller() {
        Ends e = new Ends(net(PathSpec.tunnel(1422)));
        Link l = e.link(0);
        assertEquals(9001, l.tcp().pmtu());
        l.send(syn(9_000));
        e.net.time().advance(Duration.ofSeconds(2));
        TcpSnapshot t = l.tcp();
        assertEquals(1422, t.pmtu());
        assertEquals(1422 - 52, t.sndMss(), "timestamps on: 12 option bytes in every segment");
        assertEquals(0, t.unacked(), "the smaller segments arrived");
        assertTrue(t.totalRetrans() > 0, "resent after the ICMP: " + t);
        assertEquals(0, t.retransmits(), "no timer fired: " + t);
        RouteInfo r = e.net.route(e.net.targetAddress().getAddress());
        assertEquals(1422, r.icmpLearnedMtu().getAsInt());
        assertTrue(r.expiresSeconds().getAsInt() > 590 && r.expiresSeconds().getAsInt() <= 600, "mtu_expires: " + r);
    }

    @Test
    void aBlackHoleNeverAcknowledgesAndTheTimerBacksOff() {
        Ends e = new Ends(net(PathSpec.blackHole(1422)));
        Link l = e.link(0);
        l.send(syn(9_000));
        e.net.time().advance(Duration.ofMillis(400));
        TcpSnapshot early = l.tcp();
        // the message's small last segment arrived: the large one, sent with it, is lost (RACK) and resent once
        assertTrue(early.unacked() > 0 && early.totalRetrans() == 1 && early.retransmits() == 0, early.toString());
        e.net.time().advance(Duration.ofSeconds(5));
        TcpSnapshot t = l.tcp();
        assertEquals(9001, t.pmtu(), "no ICMP, nothing learned");
        assertTrue(t.unacked() > 0 && t.retransmits() >= 3, "timer retransmissions, backing off: " + t);
        assertTrue(t.rto() > early.rto() * 4, "rto doubled: " + early.rto() + " -> " + t.rto());
        assertTrue(e.net.route(e.net.targetAddress().getAddress()).icmpLearnedMtu().isEmpty());
    }

    @Test
    void randomLossIsRepairedAndCounted() {
        Ends e = new Ends(net(PathSpec.direct().loss(0.1)));
        Link l = e.link(0);
        for (int i = 0; i < 40; i++) {
            l.send(echo(100 + i));
        }
        l.send(syn(60_000));
        e.net.time().advance(Duration.ofSeconds(20));
        TcpSnapshot t = l.tcp();
        assertEquals(0, t.unacked(), t.toString());
        assertTrue(t.totalRetrans() > 0, t.toString());
        assertEquals(40, e.answers.stream().filter(m -> m.verb() == Verb.ECHO_RSP).count(), "every ECHO answered");
    }

    @Test
    void aClampRewritesTheMssOptionOnTheWay() {
        Ends e = new Ends(net(PathSpec.blackHole(1422).clamp(1382)));
        Link l = e.link(0);
        assertEquals(1382, l.tcp().peerMssOption());
        assertEquals(8961, l.tcp().advertisedMssOption(), "ours leaves unclamped; the peer sees it clamped");
    }

    @Test
    void tcpMaxsegCapsWhatWeAdvertiseAndSend() {
        Ends e = new Ends(net(PathSpec.direct()));
        Link l = e.link(600);
        assertEquals(600, l.tcp().advertisedMssOption());
        assertEquals(600 - 12, l.tcp().sndMss());
    }

    @Test
    void aLearnedPathMtuCapsTheAdvertisedMssUntilItExpires() {
        SimProbeNetwork net = SimProbeNetwork.builder(1).path(PathSpec.direct().rtt(Duration.ofMillis(20), 0))
                .learned(1400, Duration.ofSeconds(30)).build();
        Ends e = new Ends(net);
        Link l = e.link(0);
        assertEquals(1360, l.tcp().advertisedMssOption());
        assertEquals(1400, l.tcp().pmtu());
        RouteInfo r = net.route(net.targetAddress().getAddress());
        assertEquals(1400, r.icmpLearnedMtu().getAsInt());
        assertTrue(r.expiresSeconds().getAsInt() >= 29 && r.expiresSeconds().getAsInt() <= 30, r.toString());
        net.time().advance(Duration.ofSeconds(31));
        assertTrue(net.route(net.targetAddress().getAddress()).icmpLearnedMtu().isEmpty(), "expired");
        assertEquals(8961, e.link(0).tcp().advertisedMssOption());
    }

    @Test
    void aPausedProcessStillAcknowledgesAndAnswersWhenItResumes() {
        Ends e = new Ends(net(PathSpec.direct()));
        Link l = e.link(0);
        e.net.target().pause(Duration.ofMillis(1_500));
        l.send(echo(7));
        e.net.time().advance(Duration.ofMillis(300));
        assertEquals(0, l.tcp().unacked(), "its kernel acknowledged");
        assertTrue(e.answers.isEmpty(), "its process answered nothing");
        e.net.time().advance(Duration.ofMillis(1_500));
        assertEquals(1, e.answers.size());
        assertEquals(7, e.answers.get(0).id());
    }

    @Test
    void loopbackSegmentsStopAtHalfTheWindow() {
        Ends e = new Ends(SimProbeNetwork.builder(1).loopback().build());
        Link l = e.link(0);
        assertEquals(32_768, l.tcp().sndMss(), "Linux bounds a segment to half the peer's first window");
        assertEquals(65_535 - 40, l.tcp().advertisedMssOption());
    }

    @Test
    void refusedSilentAndTlsFailTheWayOutboundLinkDoes() {
        for (SimTarget.Kind k : List.of(SimTarget.Kind.REFUSED, SimTarget.Kind.SILENT, SimTarget.Kind.TLS)) {
            SimProbeNetwork net = SimProbeNetwork.builder(1).target(SimTarget.Config.responder().of(k)).build();
            CompletableFuture<Link> f = net.connect(new Link.Spec(net.targetAddress(), null,
                    Endpoints.of(net.targetAddress()), ConnectionType.URGENT_MESSAGES, 0, Duration.ofSeconds(2), V12, V12));
            net.time().advanceUntil(f::isDone, Duration.ofSeconds(5));
            LinkFailure why = failure(f);
            switch (k) {
                case REFUSED -> assertEquals(LinkFailure.Kind.REFUSED, why.kind());
                case SILENT -> assertEquals(LinkFailure.Kind.HANDSHAKE_TIMEOUT, why.kind());
                default -> assertTrue(why.looksLikeTls(), why.getMessage());
            }
        }
    }

    private static LinkFailure failure(CompletableFuture<Link> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return (LinkFailure) e.getCause();
        }
        throw new AssertionError("connected: " + f.join());
    }

    @Test
    void aFirewallStopsConnectionsOneWayOnly() {
        SimProbeNetwork net = net(PathSpec.direct().withIn(PathSpec.Way.open().blockConnections()));
        Ends e = new Ends(net);
        Link l = e.link(0);
        l.send(echo(9));
        net.time().advance(Duration.ofSeconds(10));
        assertTrue(e.answers.isEmpty(), "the target cannot connect back");
        assertTrue(net.target().log().stream().anyMatch(s -> s.startsWith("cannot answer")), net.target().log().toString());
    }

    @Test
    void dfUdpFindsTheMtuOfEachWayAndTeachesTheSender() throws Exception {
        SimProbeNetwork net = net(new PathSpec(PathSpec.Way.open().mtu(1400, true), PathSpec.Way.open().mtu(1422, false)));
        UdpProber.Result r = await(net, net.udp(net.targetAddress(), us(net), 9001, 9001, ProbeTimeouts.DEFAULT));
        assertTrue(r.answered());
        assertEquals(9001, r.responderMtu());
        assertEquals(1400, largestCrossed(r.outbound()));
        assertEquals(1422, largestCrossed(r.inbound()));
        assertEquals(1400, net.route(net.targetAddress().getAddress()).icmpLearnedMtu().getAsInt(),
                "ICMP for a datagram teaches the route too");
    }

    /** A cross-region round trip is longer than the UDP probe's first ping wait (300 ms). */
    @Test
    void dfUdpIsAnsweredAcrossAWideRoundTrip() throws Exception {
        SimProbeNetwork net = SimProbeNetwork.builder(1).path(PathSpec.blackHole(1422).rtt(Duration.ofMillis(330), 0.1))
                .build();
        UdpProber.Result r = await(net, net.udp(net.targetAddress(), us(net), 9001, 9001, ProbeTimeouts.DEFAULT));
        assertTrue(r.answered(), "the ping is asked again with a longer wait");
        assertTrue(r.rttMicros() > 290_000, "round trip " + r.rttMicros() + " µs");
        assertEquals(1422, largestCrossed(r.outbound()));
        assertEquals(1422, largestCrossed(r.inbound()));
    }

    private static java.net.InetAddress us(SimProbeNetwork net) {
        try {
            return java.net.InetAddress.getByName(net.route(net.targetAddress().getAddress()).source());
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static int largestCrossed(List<io.gossippreflight.probe.classify.ProbeRecord> probes) {
        int max = 0;
        int lostMin = Integer.MAX_VALUE;
        for (var p : probes) {
            if (p.outcome().crossed()) {
                max = Math.max(max, p.ipSize());
            } else {
                lostMin = Math.min(lostMin, p.ipSize());
            }
        }
        assertEquals(max + 1, lostMin, "exact: " + probes);
        return max;
    }

    @Test
    void theSameSeedGivesTheSameLosses() {
        long[] dropped = new long[2];
        for (int i = 0; i < 2; i++) {
            Ends e = new Ends(net(PathSpec.tunnel(1422).loss(0.05)));
            Link l = e.link(0);
            l.send(syn(60_000));
            e.net.time().advance(Duration.ofSeconds(10));
            dropped[i] = e.net.dropped() * 1_000_000 + e.net.time().tasksRun();
            assertNotNull(l.tcp());
            assertFalse(e.net.time().tasksRun() == 0);
        }
        assertEquals(dropped[0], dropped[1]);
    }
}
