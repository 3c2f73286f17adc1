package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checker against the responder playing a 3.x seed (messaging version 11 or 10) over loopback:
 * the version is found from the handshake (our 4.0+ Initiate answered with 11 and closed, the
 * pre-4.0 handshake then), and every phase runs over unframed 3.x messages, both directions.
 */
class Pre40CheckerLoopbackTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = ProbeNetty.eventLoops(2, "pre40-test");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ResponderConfig seed(MessagingVersion v) {
        return new ResponderConfig(new InetSocketAddress(LO, 0), ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER, 3, 16, true, v, v);
    }

    private static TargetReport check(Responder r, List<String> progress) {
        CheckOptions o = CheckOptions.defaults().withListen(new InetSocketAddress(LO, 0)).withParallel(4);
        List<TargetReport> reports = Checker.check(List.of(new TargetSpec(LO.getHostAddress(), r.address().getPort())), o,
                progress::add);
        assertEquals(1, reports.size());
        return reports.get(0);
    }

    @Test
    void aHealthyPathToA311SeedSpeaksVersion11BothWays() {
        healthy(MessagingVersion.V11);
    }

    @Test
    void aHealthyPathToA30SeedSpeaksVersion10() {
        healthy(MessagingVersion.V10);
    }

    private static void healthy(MessagingVersion v) {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        try (Responder r = Responder.start(group, seed(v), log::add)) {
            TargetReport rep = check(r, progress);
            String ctx = String.join("\n", progress) + "\n--- responder:\n" + String.join("\n", log);
            assertEquals(TargetKind.RESPONDER, rep.kind(), ctx);
            assertEquals(v.id(), rep.messagingVersion(), ctx);
            assertEquals(PathStatus.HEALTHY, rep.outbound().status(), rep.outbound() + "\n" + ctx);
            assertEquals(PathStatus.HEALTHY, rep.inbound().status(), rep.inbound() + "\n" + ctx);
            assertTrue(progress.stream().anyMatch(l -> l.contains("messaging version " + v.id())), ctx);
            assertTrue(log.stream().anyMatch(l -> l.contains("ACK2 from")), "ACK2 ladder reached the responder\n" + ctx);
            assertTrue(log.stream().anyMatch(l -> l.contains("shadow") || l.contains("ACK (")), ctx);
            assertTrue(rep.probes().stream().anyMatch(p -> p.messageBytes() >= 140_000 && p.outcome().crossed()),
                    "a large message crossed each way over 3.x framing\n" + ctx);
            assertTrue(rep.passed(), ctx);
        }
    }

    /**
     * A real 3.x node answers at its own storage port, over one connection of its own, with no
     * report: our listener has to be on that port (another loopback address here), and target → us
     * is judged by the shadow-round ACK alone — healthy only when it filled full segments.
     */
    @Test
    void aReal3xNodeWithALargeClusterIsHealthyBothWays() throws Exception {
        TargetReport rep = checkRealNode(400);
        assertEquals(PathStatus.HEALTHY, rep.inbound().status(), rep.inbound().toString());
        assertTrue(rep.notes().contains(TargetCheck.PRE40_INBOUND), rep.notes().toString());
    }

    @Test
    void aReal3xNodeWhoseShadowAckFitsOneSmallPacketLeavesTargetToUsUntestedAboveIt() throws Exception {
        TargetReport rep = checkRealNode(3);
        assertEquals(PathStatus.INCONCLUSIVE, rep.inbound().status(), rep.inbound().toString());
        assertTrue(rep.inbound().summary().startsWith("target → us is untested above"), rep.inbound().summary());
    }

    @Test
    void aReal3xNodeAnsweringAtAPortWeDoNotListenOnIsNamedNotCalledOneWay() {
        List<String> progress = new CopyOnWriteArrayList<>();
        try (Responder r = Responder.startAsRealNode(group, seed(MessagingVersion.V11), l -> { })) {
            TargetReport rep = check(r, progress);
            assertEquals(11, rep.messagingVersion());
            assertEquals(PathStatus.INCONCLUSIVE, rep.outbound().status(), rep.outbound().toString());
            assertTrue(rep.outbound().summary().contains("--listen ADDRESS:" + r.address().getPort()),
                    rep.outbound().summary());
        }
    }

    private static TargetReport checkRealNode(int endpoints) throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        // the node's port must be free at 127.0.0.2 too, where we listen on it: a port the kernel gives a
        // wildcard socket is free on every address (one chosen for 127.0.0.1 alone may still be held at
        // 127.0.0.2 by a connection of an earlier test: CI once failed with "Address already in use")
        ResponderConfig config = new ResponderConfig(new InetSocketAddress(LO, freeOnEveryAddress()),
                ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER, endpoints, 16, false, MessagingVersion.V11, MessagingVersion.V11);
        try (Responder r = Responder.startAsRealNode(group, config, log::add)) {
            // a 3.x node answers at its own storage port: we listen on it, at another loopback address
            InetAddress us = InetAddress.getByName("127.0.0.2");
            CheckOptions o = CheckOptions.defaults().withListen(new InetSocketAddress(us, r.address().getPort()))
                    .withParallel(4);
            TargetReport rep = Checker.check(List.of(new TargetSpec(LO.getHostAddress(), r.address().getPort())), o,
                    progress::add).get(0);
            String ctx = String.join("\n", progress) + "\n--- node:\n" + String.join("\n", log);
            assertEquals(TargetKind.CASSANDRA, rep.kind(), ctx);
            assertEquals(11, rep.messagingVersion(), ctx);
            assertEquals(PathStatus.HEALTHY, rep.outbound().status(), rep.outbound() + "\n" + ctx);
            assertTrue(log.stream().noneMatch(l -> l.contains("ACK2")), "a real node gets no ACK2\n" + ctx);
            assertTrue(progress.stream().anyMatch(l -> l.contains("read at our own MSS: a 3.x node")), ctx);
            return rep;
        }
    }

    private static int freeOnEveryAddress() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
