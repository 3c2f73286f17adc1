package io.gossippreflight.probe.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.plan.PacketOverhead;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class FixesTest {
    private static final PathContext V4 = new PathContext("198.18.2.2", "eth0", "198.18.2.1", "198.18.1.2", null,
            PacketOverhead.IPV4, 7000);

    private static DirectionFinding blackHole(Direction d, int mtu) {
        return new DirectionFinding(d, DirectionStatus.BLACK_HOLE, OptionalInt.of(mtu), OptionalInt.of(mtu),
                OptionalInt.of(mtu + 1), OptionalInt.empty(), 0, Confidence.HIGH, "", List.of());
    }

    @Test
    void outboundBlackHoleIsFixedOnThisHost() {
        List<Fix> fixes = Fixes.forFinding(blackHole(Direction.OUTBOUND, 1422), V4);
        assertEquals("198.18.2.2", fixes.get(0).host());
        assertEquals("ip route replace 198.18.1.2/32 via 198.18.2.1 dev eth0 mtu lock 1422", fixes.get(0).command());
        assertEquals("ip link set dev eth0 mtu 1422", fixes.get(1).command());
        assertEquals("198.18.1.2", fixes.get(2).host(), "the MSS clamp goes on the receiver");
        assertEquals("iptables -t mangle -A OUTPUT -p tcp -d 198.18.2.2 --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1382",
                fixes.get(2).command());
        assertEquals("sysctl -w net.ipv4.tcp_mtu_probing=1", fixes.get(3).command());
    }

    @Test
    void inboundBlackHoleIsFixedOnTheTargetOrByClampingHere() {
        List<Fix> fixes = Fixes.forFinding(blackHole(Direction.INBOUND, 1422), V4);
        assertEquals("198.18.1.2", fixes.get(0).host());
        assertTrue(fixes.get(0).command().startsWith("ip route replace 198.18.2.2/32 $(ip route get 198.18.2.2"),
                fixes.get(0).command());
        assertTrue(fixes.get(0).command().endsWith("mtu lock 1422"));
        assertEquals("ip link set dev <interface> mtu 1422", fixes.get(1).command());
        assertEquals("198.18.2.2", fixes.get(2).host());
        assertTrue(fixes.get(2).command().contains("-d 198.18.1.2 "), fixes.get(2).command());
    }

    @Test
    void ipv6UsesIp6AndTheV6Mss() {
        PathContext v6 = new PathContext("2001:db8:2::2", "eth0", null, "2001:db8:1::2", "eth0", PacketOverhead.IPV6, 7000);
        List<Fix> fixes = Fixes.forFinding(blackHole(Direction.OUTBOUND, 1422), v6);
        assertEquals("ip -6 route replace 2001:db8:1::2/128 dev eth0 mtu lock 1422", fixes.get(0).command());
        assertTrue(fixes.get(2).command().startsWith("ip6tables "), fixes.get(2).command());
        assertTrue(fixes.get(2).command().endsWith("--set-mss 1362"), fixes.get(2).command());
    }

    @Test
    void healthyNeedsNothing() {
        DirectionFinding f = DirectionFinding.of(Direction.OUTBOUND, DirectionStatus.HEALTHY, "ok", List.of());
        assertEquals(List.of(), Fixes.forFinding(f, V4));
    }
}
