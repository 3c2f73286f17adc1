package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.message.Verb;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checker against the responder over loopback, in one JVM: the protocol exchange works end
 * to end, and the verdicts that do not need a broken path (healthy, mismatch named, refused).
 */
class CheckerLoopbackTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = ProbeNetty.eventLoops(2, "responder-test");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ResponderConfig responder(String cluster, String partitioner) {
        return new ResponderConfig(new InetSocketAddress(LO, 0), cluster, partitioner, 3, 16, true, MessagingVersion.V12,
                MessagingVersion.V12);
    }

    private static CheckOptions options() {
        return CheckOptions.defaults().withListen(new InetSocketAddress(LO, 0)).withParallel(4);
    }

    private static TargetReport check(Responder r, CheckOptions o, List<String> progress) {
        TargetSpec t = new TargetSpec(LO.getHostAddress(), r.address().getPort());
        List<TargetReport> reports = Checker.check(List.of(t), o, progress::add);
        assertEquals(1, reports.size());
        return reports.get(0);
    }

    @Test
    void aHealthyPathToOurResponder() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        try (Responder r = Responder.start(group, responder(ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER), log::add)) {
            TargetReport rep = check(r, options().withUdp(true), progress);
            String ctx = String.join("\n", progress) + "\n--- responder:\n" + String.join("\n", log);
            assertEquals(TargetKind.RESPONDER, rep.kind(), ctx);
            assertEquals(12, rep.messagingVersion());
            assertEquals(PathStatus.HEALTHY, rep.outbound().status(), rep.outbound() + "\n" + ctx);
            assertEquals(PathStatus.HEALTHY, rep.inbound().status(), rep.inbound() + "\n" + ctx);
            assertNotNull(rep.needs(), ctx);
            assertEquals(3, rep.needs().endpoints());
            assertEquals(16, rep.needs().tokens());
            assertTrue(rep.needs().allCross(), rep.needs().toString());
            assertTrue(rep.passed());
            assertTrue(log.stream().anyMatch(l -> l.contains("ACK2 from")), "ACK2 ladder reached the responder");
            assertTrue(rep.probes().stream().anyMatch(p -> p.messageBytes() >= 140_000 && p.outcome().crossed()),
                    "a message over 128 KiB crossed each way");
            assertTrue(progress.stream().anyMatch(l -> l.contains("shadow-round ACK")), ctx);
        }
    }

    @Test
    void aFirstEchoLeftUnansweredIsAskedAgainBeforeTheTargetCountsAsARealNode() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        AtomicInteger echoes = new AtomicInteger();
        try (Responder r = Responder.start(group, responder(ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER), log::add,
                m -> m.verb() == Verb.ECHO_REQ && echoes.getAndIncrement() == 0)) {
            TargetReport rep = check(r, options(), progress);
            String ctx = String.join("\n", progress) + "\n--- responder:\n" + String.join("\n", log);
            assertTrue(log.stream().anyMatch(l -> l.contains("left unanswered")), ctx);
            assertTrue(progress.stream().anyMatch(l -> l.contains("asking again")), ctx);
            assertEquals(TargetKind.RESPONDER, rep.kind(), ctx);
            assertEquals(PathStatus.HEALTHY, rep.outbound().status(), rep.outbound() + "\n" + ctx);
            assertEquals(PathStatus.HEALTHY, rep.inbound().status(), rep.inbound() + "\n" + ctx);
        }
    }

    @Test
    void aRealNodeGetsNoAck2AndNoStates() {
        List<String> log = new CopyOnWriteArrayList<>();
        try (Responder r = Responder.start(group, responder(ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER), log::add)) {
            TargetReport rep = check(r, options().withTargetKind(TargetKind.CASSANDRA), new CopyOnWriteArrayList<>());
            assertEquals(TargetKind.CASSANDRA, rep.kind());
            assertFalse(log.stream().anyMatch(l -> l.contains("ACK2")), String.join("\n", log));
            assertEquals(PathStatus.HEALTHY, rep.outbound().status());
        }
    }

    @Test
    void aClusterNameMismatchIsNamed() {
        try (Responder r = Responder.start(group, responder("Production", ResponderConfig.DEFAULT_PARTITIONER), l -> { })) {
            TargetReport rep = check(r, options(), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.MISMATCH, rep.outbound().status());
            assertTrue(rep.outbound().summary().startsWith("cluster_name mismatch"), rep.outbound().summary());
            assertFalse(rep.passed());
        }
    }

    @Test
    void aPartitionerMismatchNamesTheTargetsPartitioner() {
        String random = "org.apache.cassandra.dht.RandomPartitioner";
        try (Responder r = Responder.start(group, responder(ResponderConfig.DEFAULT_CLUSTER, random), l -> { })) {
            TargetReport rep = check(r, options(), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.MISMATCH, rep.inbound().status());
            assertTrue(rep.inbound().summary().startsWith("partitioner mismatch"), rep.inbound().summary());
            assertTrue(rep.inbound().summary().contains("set partitioner to " + random), rep.inbound().summary());
        }
    }

    @Test
    void severalTargetsAtOnceEachWithItsOwnVerdict() {
        try (Responder one = Responder.start(group, responder(ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER), l -> { });
             Responder other = Responder.start(group, responder("Other", ResponderConfig.DEFAULT_PARTITIONER), l -> { })) {
            List<TargetReport> reports = Checker.check(List.of(new TargetSpec(LO.getHostAddress(), one.address().getPort()),
                    new TargetSpec(LO.getHostAddress(), other.address().getPort())), options(), l -> { });
            assertEquals(2, reports.size());
            assertEquals(PathStatus.HEALTHY, reports.get(0).inbound().status(), reports.get(0).inbound().summary());
            assertEquals(PathStatus.MISMATCH, reports.get(1).inbound().status(), reports.get(1).inbound().summary());
            assertTrue(reports.get(0).passed());
            assertFalse(reports.get(1).passed());
        }
    }

    @Test
    void nothingListeningIsRefused() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, LO)) {
            port = free.getLocalPort();
        }
        List<TargetReport> reports = Checker.check(List.of(new TargetSpec(LO.getHostAddress(), port)), options(), l -> { });
        assertEquals(PathStatus.REFUSED, reports.get(0).outbound().status());
        assertFalse(reports.get(0).passed());
    }
}
