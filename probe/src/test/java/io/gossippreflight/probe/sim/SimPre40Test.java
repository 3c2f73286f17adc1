package io.gossippreflight.probe.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.wire.MessagingVersion;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The check against 3.x targets on the fake clock: our responder playing a 3.11 seed, whose
 * answers come to whatever port the check names, and a real 3.x node, whose answers come to our
 * main port only. The version is found from the handshake each time.
 */
class SimPre40Test {
    private static final Duration RTT = Duration.ofMillis(150);
    private static final PathSpec BLACK_HOLE = PathSpec.blackHole(1422).rtt(RTT, 0.1);

    private static SimTarget.Config seed311() {
        return SimTarget.Config.responder().versions(MessagingVersion.V10, MessagingVersion.V11);
    }

    private static SimTarget.Config node311() {
        return SimTarget.Config.cassandra().versions(MessagingVersion.V10, MessagingVersion.V11);
    }

    private static void assertVerdict(PathStatus status, Integer mtu, PathVerdict v, SimCheck.Run r) {
        assertEquals(status, v.status(), v.summary() + "\n" + r.context());
        assertEquals(mtu, v.mtu().exact(), v.mtu() + "\n" + r.context());
    }

    @Test
    void our3xSeedBehindABlackHoleIsMeasuredExactlyBothWays() {
        SimCheck.Run r = SimCheck.run(SimProbeNetwork.builder(7).target(seed311()).path(BLACK_HOLE).build());
        assertEquals(11, r.report().messagingVersion(), r.context());
        assertEquals(TargetKind.RESPONDER, r.report().kind(), r.context());
        assertVerdict(PathStatus.BLACK_HOLE, 1422, r.report().outbound(), r);
        assertVerdict(PathStatus.BLACK_HOLE, 1422, r.report().inbound(), r);
        assertTrue(r.targetLog().stream().anyMatch(l -> l.contains("ACK2")), "the ACK2 ladder reached it\n" + r.context());
    }

    @Test
    void our3xSeedOnAHealthyPathIsHealthy() {
        SimCheck.Run r = SimCheck.run(SimProbeNetwork.builder(3).target(seed311()).path(PathSpec.direct().rtt(RTT, 0.1))
                .build());
        assertEquals(11, r.report().messagingVersion(), r.context());
        assertVerdict(PathStatus.HEALTHY, 9001, r.report().outbound(), r);
        assertEquals(PathStatus.HEALTHY, r.report().inbound().status(), r.context());
    }

    @Test
    void aReal3xNodeOnAHealthyPathIsHealthyJudgedInboundByItsShadowAck() {
        SimCheck.Run r = SimCheck.run(SimProbeNetwork.builder(5).target(node311()).path(PathSpec.direct().rtt(RTT, 0.1))
                .build());
        assertEquals(11, r.report().messagingVersion(), r.context());
        assertEquals(TargetKind.CASSANDRA, r.report().kind(), r.context());
        assertEquals(PathStatus.HEALTHY, r.report().outbound().status(), r.context());
        assertEquals(PathStatus.HEALTHY, r.report().inbound().status(), r.context());
        assertTrue(r.progress().stream().anyMatch(l -> l.contains("read at our own MSS: a 3.x node")), r.context());
        assertFalse(r.targetLog().stream().anyMatch(l -> l.contains("ACK2") || l.contains("SCHEMA")), r.context());
    }

    @Test
    void aReal3xNodeBehindABlackHoleIsNeverCalledHealthy() {
        SimCheck.Run r = SimCheck.run(SimProbeNetwork.builder(9).target(node311()).path(BLACK_HOLE).build());
        assertEquals(11, r.report().messagingVersion(), r.context());
        assertEquals(TargetKind.CASSANDRA, r.report().kind(), r.context());
        assertVerdict(PathStatus.BLACK_HOLE, 1422, r.report().outbound(), r);
        // its one gossip connection towards us stalls behind the lost shadow ACK, and a 3.x node drops a foreign
        // SYN without a word: no ACK at all cannot be told from an ignored SYN, so it is said as such, never healthy
        assertEquals(PathStatus.INCONCLUSIVE, r.report().inbound().status(), r.context());
        assertTrue(r.report().inbound().summary().contains("either its full-size packets towards us are lost"),
                r.report().inbound().summary());
        assertFalse(r.report().passed(), r.context());
    }
}
