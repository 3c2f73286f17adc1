package io.gossippreflight.probe.udp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The UDP probe against the responder over loopback: the protocol works end to end. */
class UdpProbeLoopbackTest {
    private static EventLoopGroup group;

    @BeforeAll
    static void start() {
        group = ProbeNetty.eventLoops(2, "udp-test");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void everySizeUpToTheBoundCrossesLoopbackBothWays() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (UdpResponder r = UdpResponder.bind(group, new InetSocketAddress(lo, 0), a -> true);
             UdpProber p = UdpProber.open(group, r.localAddress(), new InetSocketAddress(lo, 0))) {
            UdpProber.Result res = p.run(9001, 4000, 16, ProbeTimeouts.DEFAULT).get(20, TimeUnit.SECONDS);
            assertTrue(res.answered());
            assertTrue(res.responderMtu() >= 9001, "loopback MTU " + res.responderMtu());
            assertEquals(9001, res.outbound().stream().filter(x -> x.outcome().crossed()).mapToInt(ProbeRecord::ipSize).max().orElse(0));
            assertEquals(4000, res.inbound().stream().filter(x -> x.outcome().crossed()).mapToInt(ProbeRecord::ipSize).max().orElse(0));
            assertFalse(res.outbound().stream().anyMatch(x -> x.outcome() == ProbeOutcome.LOST), res.outbound().toString());
        }
    }

    @Test
    void refusesToAmplifyForSendersItDoesNotKnow() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        try (UdpResponder r = UdpResponder.bind(group, new InetSocketAddress(lo, 0), a -> false);
             UdpProber p = UdpProber.open(group, r.localAddress(), new InetSocketAddress(lo, 0))) {
            UdpProber.Result res = p.run(1500, 1500, 4, ProbeTimeouts.DEFAULT).get(10, TimeUnit.SECONDS);
            assertFalse(res.answered());
        }
    }
}
