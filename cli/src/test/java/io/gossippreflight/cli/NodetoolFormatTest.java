package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.admin.ClusterView;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodetoolFormatTest {
    static final String H1 = "11111111-1111-4111-8111-111111111111";
    static final String H2 = "22222222-2222-4222-8222-222222222222";
    static final String H3 = "33333333-3333-4333-8333-333333333333";

    static ClusterView.Endpoint ep(String addr, String status, String state, String dc, String load, double owns, String host,
            List<ClusterView.StateLine> states) {
        return new ClusterView.Endpoint(addr, true, status, state, "NORMAL,1", dc, "rack1", load, 16, owns, host,
                1700000000, 42, states, 7);
    }

    static ClusterView view() {
        Map<String, List<String>> schemas = new LinkedHashMap<>();
        schemas.put("59adb24e-f3cd-3e02-97f0-5b395827453f", List.of("198.18.1.2:7000", "198.18.1.3:7000"));
        schemas.put(ClusterView.UNREACHABLE, List.of("198.18.2.2:7000"));
        return new ClusterView("prod", "org.apache.cassandra.dht.Murmur3Partitioner", "org.apache.cassandra.locator.SimpleSnitch",
                "198.18.1.2:7000", "NORMAL", "",
                List.of(ep("198.18.1.3:7000", "U", "L", "dc1", "1536", 0.25, H2,
                                List.of(new ClusterView.StateLine("STATUS_WITH_PORT", 30, "LEAVING,-42"))),
                        ep("198.18.1.2:7000", "U", "N", "dc1", "104857600.5", 0.5, H1,
                                List.of(new ClusterView.StateLine("LOAD", 12, "104857600.5"),
                                        new ClusterView.StateLine("STATUS_WITH_PORT", 8, "NORMAL,-7"))),
                        ep("198.18.2.2:7000", "D", "N", "dc2", "0.0", 0.25, H3, List.of())),
                List.of("198.18.1.2:7000", "198.18.1.3:7000"), List.of("198.18.2.2:7000"), schemas,
                Map.of("5.0.9", List.of("198.18.1.2:7000", "198.18.1.3:7000", "198.18.2.2:7000")),
                List.of("internode MSS to 198.18.2.2 clamped to 1370: fix the path MTU"));
    }

    static String render(NodeViewCommand.Layout f, ClusterView v) {
        return render(f, v, NodetoolFormat.Names.WITH_PORTS);
    }

    static String render(NodeViewCommand.Layout f, ClusterView v, NodetoolFormat.Names names) {
        StringWriter w = new StringWriter();
        f.print(v, new PrintWriter(w, true), names);
        return w.toString();
    }

    @Test
    void addressesLeaveOutThePortAsNodetoolDoesUnlessPrintPortAsks() {
        NodetoolFormat.Names plain = NodetoolFormat.Names.of(view(), false, null);
        String status = render(NodetoolFormat::status, view(), plain);
        assertTrue(status.contains("\nUN  198.18.1.2  100 MiB"), status);
        assertFalse(status.contains(":7000"), status);
        String gossip = render(NodetoolFormat::gossipInfo, view(), plain);
        assertTrue(gossip.startsWith("/198.18.1.3\n"), gossip);
        String describe = render(NodetoolFormat::describeCluster, view(), plain);
        assertTrue(describe.contains("UNREACHABLE: [198.18.2.2]"), describe);
        NodetoolFormat.Names pp = NodetoolFormat.Names.of(view(), true, null);
        assertTrue(render(NodetoolFormat::status, view(), pp).contains("\nUN  198.18.1.2:7000  100 MiB"));
    }

    @Test
    void portsStayWhereTwoEndpointsShareAnAddress() {
        NodetoolFormat.Names names = NodetoolFormat.Names.of(new ClusterView("c", "p", "s", "127.0.0.1:7000", "NORMAL", "",
                List.of(ep("127.0.0.1:7000", "U", "N", "dc1", "1", 0.5, H1, List.of()),
                        ep("127.0.0.1:7001", "U", "N", "dc1", "1", 0.5, H2, List.of())),
                List.of(), List.of(), Map.of(), Map.of(), List.of()), false, null);
        assertEquals("127.0.0.1:7001", names.of("127.0.0.1:7001"));
        assertEquals("/127.0.0.1:7001", names.slashed("127.0.0.1:7001"));
    }

    @Test
    void resolveIpPrintsNamesAndKeepsIpsWithoutOne() {
        Map<String, String> dns = Map.of("198.18.1.2", "seed-a.example", "2001:db8:1::2", "seed-a6.example");
        NodetoolFormat.Names r = new NodetoolFormat.Names(false, ip -> dns.getOrDefault(ip, ip));
        assertEquals("seed-a.example", r.of("198.18.1.2:7000"));
        assertEquals("198.18.2.2", r.of("198.18.2.2:7000"));
        assertEquals("seed-a6.example", r.of("[2001:db8:1::2]:7000"));
        assertEquals("seed-a.example/198.18.1.2", r.slashed("198.18.1.2:7000"));
        assertEquals("/198.18.2.2", r.slashed("198.18.2.2:7000"));
        NodetoolFormat.Names rp = new NodetoolFormat.Names(true, ip -> dns.getOrDefault(ip, ip));
        assertEquals("seed-a.example:7000", rp.of("198.18.1.2:7000"));
        assertEquals("[2001:db8:1::3]:7000", rp.of("[2001:db8:1::3]:7000"));
        assertEquals("localhost", NodetoolFormat.Names.reverseLookup("127.0.0.1"));
    }

    @Test
    void statusIsNodetoolsTablePerDatacenterWithSharedColumnWidths() {
        String expected = String.join("\n",
                "Datacenter: dc1",
                "===============",
                "Status=Up/Down",
                "|/ State=Normal/Leaving/Joining/Moving",
                "--  Address          Load     Tokens  Owns   Host ID                               Rack ",
                "UN  198.18.1.2:7000  100 MiB  16      50.0%  " + H1 + "  rack1",
                "UL  198.18.1.3:7000  1.5 KiB  16      25.0%  " + H2 + "  rack1",
                "",
                "Datacenter: dc2",
                "===============",
                "Status=Up/Down",
                "|/ State=Normal/Leaving/Joining/Moving",
                "--  Address          Load     Tokens  Owns   Host ID                               Rack ",
                "DN  198.18.2.2:7000  0 bytes  16      25.0%  " + H3 + "  rack1",
                "",
                "WARNING: internode MSS to 198.18.2.2 clamped to 1370: fix the path MTU",
                "");
        assertEquals(expected, render(NodetoolFormat::status, view()));
    }

    @Test
    void gossipInfoListsGenerationHeartbeatStatesAndHidesTokens() {
        String out = render(NodetoolFormat::gossipInfo, view());
        assertEquals(String.join("\n",
                "/198.18.1.3:7000",
                "  generation:1700000000",
                "  heartbeat:42",
                "  STATUS_WITH_PORT:30:LEAVING,-42",
                "  TOKENS:7:<hidden>",
                "/198.18.1.2:7000",
                "  generation:1700000000",
                "  heartbeat:42",
                "  LOAD:12:104857600.5",
                "  STATUS_WITH_PORT:8:NORMAL,-7",
                "  TOKENS:7:<hidden>",
                "/198.18.2.2:7000",
                "  generation:1700000000",
                "  heartbeat:42",
                "  TOKENS:7:<hidden>",
                ""), out.substring(0, out.indexOf("\n\n") + 1));
    }

    @Test
    void describeClusterShowsSchemaVersionsWithUnreachable() {
        String out = render(NodetoolFormat::describeCluster, view());
        assertEquals(String.join("\n",
                "Cluster Information:",
                "\tName: prod",
                "\tSnitch: org.apache.cassandra.locator.SimpleSnitch",
                "\tDynamicEndPointSnitch: disabled",
                "\tPartitioner: org.apache.cassandra.dht.Murmur3Partitioner",
                "\tSchema versions:",
                "\t\t59adb24e-f3cd-3e02-97f0-5b395827453f: [198.18.1.2:7000, 198.18.1.3:7000]",
                "",
                "\t\tUNREACHABLE: [198.18.2.2:7000]",
                "",
                "Stats for all nodes:",
                "\tLive: 2",
                "\tJoining: 0",
                "\tMoving: 0",
                "\tLeaving: 1",
                "\tUnreachable: 1",
                "",
                "Data Centers: ",
                "\tdc1 #Nodes: 2 #Down: 0",
                "\tdc2 #Nodes: 1 #Down: 1",
                "",
                "Database versions:",
                "\t5.0.9: [198.18.1.2:7000, 198.18.1.3:7000, 198.18.2.2:7000]",
                "",
                "Keyspaces:",
                "WARNING: internode MSS to 198.18.2.2 clamped to 1370: fix the path MTU",
                ""), out);
    }

    @Test
    void loadUsesCassandrasBinaryUnits() {
        assertEquals("0 bytes", NodetoolFormat.load("0.0"));
        assertEquals("1023 bytes", NodetoolFormat.load("1023"));
        assertEquals("1 KiB", NodetoolFormat.load("1024"));
        assertEquals("104.37 KiB", NodetoolFormat.load("106875"));
        assertEquals("2 GiB", NodetoolFormat.load(String.valueOf(2.0 * 1024 * 1024 * 1024)));
        assertEquals("?", NodetoolFormat.load(null));
        assertEquals("?", NodetoolFormat.load("lots"));
    }
}
