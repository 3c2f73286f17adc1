package io.gossippreflight.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FixesTest {
    @Test
    void interfaceMtuResolvesTheDeviceWhenUnknown() {
        assertEquals("ip link set dev eth0 mtu 1422", Fixes.interfaceMtu("a", "198.18.2.2", "eth0", 1422, 4).command());
        assertEquals("ip link set dev \"$(ip -o route get 198.18.2.2 | sed -n 's/.* dev \\([^ ]*\\).*/\\1/p')\" mtu 1422",
                Fixes.interfaceMtu("a", "198.18.2.2", null, 1422, 4).command());
    }

    @Test
    void routeMtuLock() {
        assertEquals("ip route replace 198.18.2.0/24 via 198.18.1.1 dev eth0 mtu lock 1422",
                Fixes.routeMtuLock("a", "198.18.2.2", "198.18.2.0/24", "198.18.1.1", "eth0", 1422, 4).command());
        assertEquals("ip -6 route replace 2001:db8:2::2/128 $(ip -6 -o route get 2001:db8:2::2 | grep -o 'via [^ ]*\\|dev [^ ]*'"
                + " | tr '\\n' ' ')mtu lock 1422",
                Fixes.routeMtuLock("a", "2001:db8:2::2", null, null, null, 1422, 6).command());
    }

    @Test
    void mssClampUsesTheRightHeaderSizes() {
        String v4 = Fixes.mssClamp("ga", 1422, 4).command();
        assertTrue(v4.contains("meta nfproto ipv4 tcp flags syn tcp option maxseg size gt 1382 tcp option maxseg size set 1382"), v4);
        String v6 = Fixes.mssClamp("ga", 1422, 6).command();
        assertTrue(v6.contains("maxseg size set 1362"), v6);
        assertEquals(1382, Fixes.mssFor(1422, 4));
    }

    @Test
    void probingAndMeasuring() {
        assertEquals("sysctl -w net.ipv4.tcp_mtu_probing=1", Fixes.tcpMtuProbing("a").command());
        assertEquals("preflight probe check 198.18.2.2:7000", Fixes.measure("a", "198.18.2.2", 7000).command());
        assertEquals("preflight probe check [2001:db8::2]:7000", Fixes.measure("a", "2001:db8::2", 7000).command());
    }
}
