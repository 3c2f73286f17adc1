package io.gossippreflight.probe.socket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RouteInfoTest {
    @Test
    void aRouteViaAGatewayWithALearnedMtu() {
        RouteInfo r = RouteInfo.parse("198.18.1.2 via 198.18.2.1 dev eth0 src 198.18.2.2 uid 0 \n    cache expires 599sec mtu 1422 \n",
                OptionalInt.of(9001));
        assertEquals("eth0", r.device());
        assertEquals("198.18.2.1", r.gateway());
        assertEquals("198.18.2.2", r.source());
        assertEquals(OptionalInt.of(1422), r.learnedMtu());
        assertEquals(OptionalInt.of(9001), r.interfaceMtu());
        assertEquals(OptionalInt.of(599), r.expiresSeconds(), "learned from ICMP: it expires");
        assertEquals(OptionalInt.of(1422), r.icmpLearnedMtu());
    }

    @Test
    void anOnLinkV6RouteAndALockedMtu() {
        RouteInfo r = RouteInfo.parse("2001:db8:1::2 from :: dev eth0 proto kernel src 2001:db8:2::2 metric 256 mtu lock 1422 pref medium",
                OptionalInt.empty());
        assertNull(r.gateway());
        assertEquals("2001:db8:2::2", r.source());
        assertEquals(OptionalInt.of(1422), r.learnedMtu());
        assertEquals(OptionalInt.empty(), r.icmpLearnedMtu(), "a route's own MTU was not learned from ICMP");
        RouteInfo via6 = RouteInfo.parse("2001:db8:1::2 via inet6 fe80::1 dev eth0 src 2001:db8:2::2", OptionalInt.empty());
        assertEquals("fe80::1", via6.gateway());
    }

    @Test
    void nothingParsesToNulls() {
        RouteInfo r = RouteInfo.parse("", OptionalInt.empty());
        assertNull(r.device());
        assertEquals(OptionalInt.empty(), r.learnedMtu());
    }
}
