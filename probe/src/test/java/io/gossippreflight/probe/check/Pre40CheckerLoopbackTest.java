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
}
