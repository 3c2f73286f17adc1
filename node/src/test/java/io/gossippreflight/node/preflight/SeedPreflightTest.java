package io.gossippreflight.node.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** From probe verdicts to clamps: M − 52 (IPv4) / M − 72 (IPv6), per direction, only when asked. */
class SeedPreflightTest {
    static final InetAddressAndPort S1 = InetAddressAndPort.parse("198.18.1.2", 7000);
    static final InetAddressAndPort S2 = InetAddressAndPort.parse("2001:db8:1::2", 7000);

    static PathVerdict verdict(String from, String to, PathStatus status, Integer exact, Integer largest) {
        return new PathVerdict(from, to, status, new MtuEstimate(exact, null, largest, null, null,
                exact != null ? MtuEstimate.Source.BISECTION : MtuEstimate.Source.NONE), Confidence.HIGH,
                status.description(), List.of(), List.of(new Fix(Fix.Kind.ROUTE_MTU_LOCK, from,
                        "ip route replace " + to + "/32 via GW dev eth0 mtu lock " + exact, "only that peer")), List.of());
    }

    static TargetReport report(PathVerdict out, PathVerdict in) {
        return new TargetReport("t", TargetKind.CASSANDRA, 12, 0.1, "local", out, in, null, new long[] {-1, -1}, 1, 0,
                List.of(), List.of());
    }

    @Test
    void blackHolesBecomeClampsPerDirectionAndWarnLoudly() {
        TargetReport r1 = report(verdict("b", "a", PathStatus.BLACK_HOLE, 1422, 1422),
                verdict("a", "b", PathStatus.BLACK_HOLE, 1400, 1400));
        TargetReport r2 = report(verdict("b", "c", PathStatus.HEALTHY, null, 9001),
                verdict("c", "b", PathStatus.BLACK_HOLE, null, 1300));
        SeedPreflight.Outcome o = SeedPreflight.decide(List.of(S1, S2), List.of(r1, r2), true);
        assertEquals(Map.of(S1, 1370), o.outboundMss());
        assertEquals(1228, o.listenerMss(), "the smallest of 1400 - 52 and (IPv6) 1300 - 72");
        assertEquals(3, o.warnings().size());
        assertTrue(o.warnings().get(0).contains("clamped to MSS 1370") && o.warnings().get(0).contains("real fix: on b: ip route"),
                o.warnings().get(0));
        assertTrue(o.verdicts().get(S1).contains("fix: on b: ip route replace a/32"), o.verdicts().get(S1));
    }

    @Test
    void withoutAutoClampNothingIsClampedButVerdictsAreKept() {
        TargetReport r = report(verdict("b", "a", PathStatus.BLACK_HOLE, 1422, 1422),
                verdict("a", "b", PathStatus.HEALTHY, null, 9001));
        SeedPreflight.Outcome o = SeedPreflight.decide(List.of(S1), List.of(r), false);
        assertEquals(Map.of(), o.outboundMss());
        assertNull(o.listenerMss());
        assertEquals(List.of(), o.warnings());
        assertTrue(o.verdicts().get(S1).startsWith("b -> a: MTU black hole"), o.verdicts().get(S1));
    }

    @Test
    void otherProblemsAndUnknownMtusDoNotClamp() {
        assertNull(SeedPreflight.blackHoleMtu(verdict("b", "a", PathStatus.RANDOM_LOSS, 1422, 1422)));
        assertNull(SeedPreflight.blackHoleMtu(verdict("b", "a", PathStatus.BLACK_HOLE, null, null)));
        assertNull(SeedPreflight.blackHoleMtu(verdict("b", "a", PathStatus.BLACK_HOLE, null, 300)), "below IPv4's minimum");
        assertEquals(1300, SeedPreflight.blackHoleMtu(verdict("b", "a", PathStatus.BLACK_HOLE, null, 1300)));
    }
}
