package io.gossippreflight.cli.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.cli.Main;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabProcess;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.Topology;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code preflight probe serve} at a and {@code preflight probe check --json} at b on every lab
 * path: the verdict and MTU of each direction, as the JSON document says them.
 */
@Tag("lab")
class ProbeLabTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static LabProcess serve(Lab lab, String address, String... more) throws InterruptedException {
        List<String> args = new ArrayList<>(List.of("probe", "serve", "--listen", address, "--tokens", "256"));
        args.addAll(List.of(more));
        return LabProcess.start(lab, LabHosts.A, LabSupport.java(Main.class.getName(), args.toArray(String[]::new)),
                "listening on", Duration.ofSeconds(30));
    }

    private static ExecResult check(Lab lab, String... args) {
        List<String> argv = new ArrayList<>(List.of("probe", "check"));
        argv.addAll(List.of(args));
        return lab.exec(LabHosts.B, LabSupport.java(Main.class.getName(), argv.toArray(String[]::new)),
                Duration.ofSeconds(120));
    }

    @ParameterizedTest(name = "{0}: out {2} {3}, in {4} {5}")
    @CsvSource({
        "direct,           198.18.1.2,      HEALTHY,     9001, HEALTHY,     9001, 0",
        "vpn,              198.18.1.2,      PMTUD_WORKS, 1422, PMTUD_WORKS, 1422, 0",
        "vpn-blackhole,    198.18.1.2,      BLACK_HOLE,  1422, BLACK_HOLE,  1422, 1",
        "vpn-oneway,       198.18.1.2,      PMTUD_WORKS, 1422, BLACK_HOLE,  1422, 1",
        "vpn-clamped,      198.18.1.2,      MSS_CLAMPED, 1422, MSS_CLAMPED, 1422, 0",
        "vpn-lossy,        198.18.1.2,      PMTUD_WORKS, 1422, PMTUD_WORKS, 1422, 0",
        "vpn-v6,           [2001:db8:1::2], PMTUD_WORKS, 1422, PMTUD_WORKS, 1422, 0",
        "vpn-blackhole-v6, [2001:db8:1::2], BLACK_HOLE,  1422, BLACK_HOLE,  1422, 1",
    })
    void everyTopologyInJson(String topology, String target, String outStatus, Integer outMtu, String inStatus,
            Integer inMtu, int exit) throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.byId(topology), LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = serve(lab, target + ":7000")) {
            ExecResult r = check(lab, target, "--json", "--udp");
            String ctx = r.stdout() + "\n--- progress:\n" + r.stderr() + "\n--- responder:\n" + responder.output();
            assertEquals(exit, r.exitCode(), ctx);
            JsonNode t = JSON.readTree(r.stdout()).get("targets").get(0);
            assertEquals("RESPONDER", t.get("kind").asText(), ctx);
            assertDirection(t.get("outbound"), outStatus, outMtu, ctx);
            assertDirection(t.get("inbound"), inStatus, inMtu, ctx);
            if (outStatus.equals("BLACK_HOLE")) {
                assertTrue(t.get("outbound").get("fixes").size() >= 3, ctx);
            }
            if (inStatus.equals("BLACK_HOLE")) {
                JsonNode shadow = t.get("needs").get("messages").get(0);
                assertEquals("INBOUND", shadow.get("direction").asText());
                assertTrue(!shadow.get("crosses").asBoolean(), "the 5 KB shadow ACK cannot arrive: " + shadow);
            }
            System.out.printf("%s: outbound %s, inbound %s, exact after %s / %s ms%n", topology,
                    t.get("outbound").get("mtu").get("text").asText(), t.get("inbound").get("mtu").get("text").asText(),
                    t.get("exactMillis").get("outbound"), t.get("exactMillis").get("inbound"));
        }
    }

    private static void assertDirection(JsonNode v, String status, Integer mtu, String ctx) {
        assertEquals(status, v.get("status").asText(), v.get("summary").asText() + "\n" + ctx);
        if (mtu == null) {
            assertTrue(v.get("mtu").get("exact").isNull(), "loss must never be reported as an MTU: " + v.get("mtu"));
            assertTrue(v.get("mtu").get("estimate").isNull());
        } else {
            assertEquals(mtu.intValue(), v.get("mtu").get("exact").asInt(), v.get("mtu") + "\n" + ctx);
        }
    }

    /** What a check on the black hole gave: its target in the JSON, its progress, the responder's output. */
    private record BlackHole(JsonNode target, String progress, String responder, String ctx) {
    }

    /**
     * {@code probe serve SERVE...} at a and {@code probe check --json CHECK...} at b on
     * {@code vpn-blackhole}: exit 1, a black hole of exactly 1422 bytes each way.
     */
    private static BlackHole blackHoleBothWays(List<String> serveArgs, List<String> checkArgs) throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.VPN_BLACKHOLE, LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000", serveArgs.toArray(String[]::new))) {
            List<String> argv = new ArrayList<>(List.of(LabHosts.A_V4, "--json"));
            argv.addAll(checkArgs);
            ExecResult r = check(lab, argv.toArray(String[]::new));
            String ctx = r.stdout() + "\n--- progress:\n" + r.stderr() + "\n--- responder:\n" + responder.output();
            assertEquals(1, r.exitCode(), ctx);
            JsonNode t = JSON.readTree(r.stdout()).get("targets").get(0);
            assertDirection(t.get("outbound"), "BLACK_HOLE", 1422, ctx);
            assertDirection(t.get("inbound"), "BLACK_HOLE", 1422, ctx);
            return new BlackHole(t, r.stderr(), responder.output(), ctx);
        }
    }

    /**
     * The seed story's cluster was 3.x: {@code probe serve --messaging-version 11} plays a 3.11 seed at
     * a; the check finds its version from the handshake and measures the black hole both ways over
     * unframed 3.x messages, to the byte.
     */
    @Test
    void a3xSeedBehindTheBlackHoleIsFoundExactlyBothWays() throws Exception {
        BlackHole b = blackHoleBothWays(List.of("--messaging-version", "11"), List.of());
        assertEquals(11, b.target().get("messagingVersion").asInt(), b.ctx());
        assertEquals("RESPONDER", b.target().get("kind").asText(), b.ctx());
        assertTrue(b.responder().contains("as a 3.x seed, messaging version 11"), b.responder());
    }

    /**
     * The check through TLS on the black hole: our responder requires client certificates and shows an
     * RSA-4096 certificate, so both TLS flights (ours, its) are larger than the tunnel's packets. They
     * leave with DF clear and cross fragmented; the probes that follow carry DF, and each direction's
     * MTU is found to the byte, records of the TLS our side speaks counted as it writes them.
     */
    @Test
    void throughTlsTheBlackHoleIsFoundExactlyBothWays() throws Exception {
        io.gossippreflight.fixtures.cassandra.TestPki pki = io.gossippreflight.fixtures.cassandra.TestPki.shared(
                java.nio.file.Path.of("target", "test-pki", "lab"), "PKCS12");
        List<String> common = List.of("--internode-encryption", "all", "--truststore", pki.truststore().toString(),
                "--truststore-password", io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD, "--keystore-password",
                io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD, "--store-type", pki.storeType());
        List<String> seed = new ArrayList<>(common);
        seed.addAll(List.of("--keystore", pki.rsaKeystore("seed-rsa", LabHosts.A_V4, 4096).toString(),
                "--require-client-auth"));
        List<String> probe = new ArrayList<>(common);
        probe.addAll(List.of("--keystore", pki.keystore("probe", LabHosts.B_V4).toString()));
        BlackHole b = blackHoleBothWays(seed, probe);
        assertEquals("RESPONDER", b.target().get("kind").asText(), b.ctx());
        assertTrue(b.progress().contains("internode settings: CRC frames, TLS"), b.ctx());
    }

    /**
     * A seed that compresses (internode_compression all) shrinks its answers about tenfold: each lane
     * asks for an answer whose LZ4 frames still fill two of its segments, so target → us is pinned to
     * the byte as without compression (it was a bracket, 1195..4441, when answers fit in one packet).
     */
    @Test
    void throughLz4TheBlackHoleIsFoundExactlyBothWays() throws Exception {
        BlackHole b = blackHoleBothWays(List.of("--internode-compression", "all"), List.of("--internode-compression", "all"));
        assertTrue(b.progress().contains("internode settings: LZ4 frames"), b.ctx());
    }

    @Test
    void theTextReportSaysBlackHoleMtuAndTheFix() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.VPN_BLACKHOLE, LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000")) {
            ExecResult r = check(lab, LabHosts.A_V4);
            assertEquals(1, r.exitCode(), r.output());
            assertTrue(r.stdout().contains("MTU BLACK HOLE"), r.stdout());
            assertTrue(r.stdout().contains("MTU: 1422 (measured)"), r.stdout());
            assertTrue(r.stdout().contains("ip link set dev eth0 mtu 1422"), r.stdout());
            assertTrue(r.stdout().contains("shadow-round ACK (every endpoint state)") && r.stdout().contains("CANNOT CROSS"),
                    r.stdout());
            assertTrue(r.stderr().contains("largest packet"), "progress, one line per probe: " + r.stderr());
        }
    }

    @Test
    void aCaptureDuringTheCheckAddsTheIcmpItSawAndKeepsThePcap() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.VPN, LabOptions.defaults());
        lab.resetPmtu();
        java.nio.file.Path pcap = java.nio.file.Files.createTempDirectory("probe-capture").resolve("b.pcap");
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000")) {
            ExecResult r = check(lab, LabHosts.A_V4, "--json", "--write-pcap", pcap.toString());
            assertEquals(0, r.exitCode(), r.output());
            JsonNode out = JSON.readTree(r.stdout()).get("targets").get(0).get("outbound");
            assertEquals("PMTUD_WORKS", out.get("status").asText());
            boolean icmp = false;
            for (JsonNode e : out.get("evidence")) {
                icmp |= e.get("kind").asText().equals("ICMP_FRAG_NEEDED") && e.get("facts").get("mtu").asInt() == 1422;
            }
            assertTrue(icmp, "the ICMP frag-needed from gb, seen by the capture: " + out.get("evidence"));
            assertTrue(java.nio.file.Files.size(pcap) > 24, "a pcap with packets for preflight analyze");
        }
    }

    /**
     * The intermittent seed story: a → b black-holes above 1422, b → a signals its limit by ICMP,
     * and b already learned path MTU 1422 towards a from that ICMP (any earlier large send does it).
     * b's kernel then advertises MSS 1382 to a, so a's packets stay small and joins work — until the
     * learned MTU expires. The check must not call target → us healthy: against our responder DF UDP
     * finds the black hole above the mask; against a real node it is untested above 1422, with the expiry.
     */
    @Test
    void aPathMtuThisHostLearnedDoesNotHideABlackHoleTowardsIt() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.VPN_ONEWAY, LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000")) {
            ExecResult learn = lab.exec(LabHosts.B, List.of("ping", "-M", "do", "-c", "2", "-W", "1", "-s", "2000",
                    LabHosts.A_V4), Duration.ofSeconds(10));
            ExecResult route = lab.exec(LabHosts.B, List.of("ip", "route", "get", LabHosts.A_V4), Duration.ofSeconds(5));
            assertTrue(route.stdout().contains("mtu 1422"), "b learned 1422 towards a: " + learn.output() + route.output());

            ExecResult r = check(lab, LabHosts.A_V4, "--json");
            String ctx = r.stdout() + "\n--- progress:\n" + r.stderr();
            assertEquals(1, r.exitCode(), ctx);
            JsonNode in = JSON.readTree(r.stdout()).get("targets").get(0).get("inbound");
            assertEquals("BLACK_HOLE", in.get("status").asText(), "DF UDP tests above the mask: " + ctx);
            assertEquals(1422, in.get("mtu").get("exact").asInt(), ctx);
            assertTrue(in.get("warnings").toString().contains("forgotten in"), ctx);

            ExecResult real = check(lab, LabHosts.A_V4, "--json", "--target", "cassandra");
            String ctx2 = real.stdout() + "\n--- progress:\n" + real.stderr();
            assertEquals(1, real.exitCode(), ctx2);
            JsonNode in2 = JSON.readTree(real.stdout()).get("targets").get(0).get("inbound");
            assertEquals("INCONCLUSIVE", in2.get("status").asText(), "never healthy above the mask: " + ctx2);
            assertTrue(in2.get("summary").asText().contains("untested above 1422"), ctx2);
            assertTrue(in2.get("summary").asText().contains("for the next"), "the expiry is named: " + ctx2);
        }
    }

    /**
     * The watch story: the tunnel shrank to 1422 while ICMP still came, so both hosts learned path MTU
     * 1422 towards each other; then both gateways began dropping their ICMP "too big". Every sender's
     * TCP keeps to 1422 until the learned value expires, so every TCP probe crosses and none draws an
     * ICMP: the kernels' values are no proof ICMP arrives now (the check said PMTUD_WORKS both ways
     * before, and probe watch kept saying it for as long as the values lived). The ICMP witnesses find
     * none comes: a black hole of 1422 each way, and when it starts to bite.
     */
    @Test
    void pathMtusLearnedBeforeTheIcmpFilterDoNotPassForWorkingPmtud() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.VPN, LabOptions.defaults());
        lab.resetPmtu();
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000")) {
            for (String[] hop : List.of(new String[] {LabHosts.B, LabHosts.A_V4}, new String[] {LabHosts.A, LabHosts.B_V4})) {
                lab.exec(hop[0], List.of("ping", "-M", "do", "-c", "2", "-W", "1", "-s", "2000", hop[1]),
                        Duration.ofSeconds(10));
                ExecResult route = lab.exec(hop[0], List.of("ip", "route", "get", hop[1]), Duration.ofSeconds(5));
                assertTrue(route.stdout().contains("mtu 1422"), hop[0] + " learned 1422: " + route.output());
            }
            for (String gw : List.of(LabHosts.GA, LabHosts.GB)) {
                ExecResult f = lab.sh(gw, io.gossippreflight.fixtures.lab.GatewayRules.blackHoleScript(true,
                        LabOptions.DEFAULT_TUNNEL_MTU, LabOptions.DEFAULT_NODE_MTU), Duration.ofSeconds(10));
                assertTrue(f.ok(), f.output());
            }
            try {
                ExecResult r = check(lab, LabHosts.A_V4, "--json");
                String ctx = r.stdout() + "\n--- progress:\n" + r.stderr() + "\n--- responder:\n" + responder.output();
                assertEquals(1, r.exitCode(), ctx);
                JsonNode t = JSON.readTree(r.stdout()).get("targets").get(0);
                assertDirection(t.get("outbound"), "BLACK_HOLE", 1422, ctx);
                assertDirection(t.get("inbound"), "BLACK_HOLE", 1422, ctx);
                assertTrue(t.get("outbound").get("warnings").toString().contains("joins work for the next"), ctx);

                // a real node tells nothing of its kernel: us → target still rests on our witness
                ExecResult real = check(lab, LabHosts.A_V4, "--json", "--target", "cassandra");
                String ctx2 = real.stdout() + "\n--- progress:\n" + real.stderr();
                assertEquals(1, real.exitCode(), ctx2);
                JsonNode out = JSON.readTree(real.stdout()).get("targets").get(0).get("outbound");
                assertEquals("BLACK_HOLE", out.get("status").asText(), ctx2);
                assertTrue(out.get("summary").asText().contains("1422"), ctx2);
                // and target → us, capped by what both kernels held, is untested above 1422, not PMTUD at work
                JsonNode in = JSON.readTree(real.stdout()).get("targets").get(0).get("inbound");
                assertEquals("INCONCLUSIVE", in.get("status").asText(), ctx2);
                assertTrue(in.get("summary").asText().contains("untested above 1422"), ctx2);
            } finally {
                for (String gw : List.of(LabHosts.GA, LabHosts.GB)) {
                    lab.sh(gw, io.gossippreflight.fixtures.lab.GatewayRules.blackHoleScript(false,
                            LabOptions.DEFAULT_TUNNEL_MTU, LabOptions.DEFAULT_TUNNEL_MTU), Duration.ofSeconds(10));
                }
            }
        }
    }

    @Test
    void aClusterNameMismatchIsNamed() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.DIRECT, LabOptions.defaults());
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000", "--cluster-name", "Production")) {
            ExecResult r = check(lab, LabHosts.A_V4, "--json");
            assertEquals(1, r.exitCode(), r.output());
            JsonNode v = JSON.readTree(r.stdout()).get("targets").get(0).get("outbound");
            assertEquals("MISMATCH", v.get("status").asText());
            assertTrue(v.get("summary").asText().startsWith("cluster_name mismatch"), v.toString());
        }
    }

    @Test
    void nothingListeningIsRefusedAndAOneWayFirewallIsNamed() throws Exception {
        LabSupport.assumeLab();
        Lab lab = LabSupport.lab();
        lab.up(Topology.DIRECT, LabOptions.defaults());
        ExecResult refused = check(lab, LabHosts.A_V4, "--json");
        assertEquals(1, refused.exitCode(), refused.output());
        assertEquals("REFUSED", JSON.readTree(refused.stdout()).get("targets").get(0).get("outbound").get("status").asText());
        // a firewall at b that lets b connect out but drops connections in: the target cannot connect back
        ExecResult fw = lab.sh(LabHosts.B, "nft -f - <<'RULES'\ntable inet probetest {\n  chain in {\n"
                + "    type filter hook input priority 0;\n    tcp flags & (syn | ack) == syn drop\n  }\n}\nRULES",
                Duration.ofSeconds(10));
        assertTrue(fw.ok(), fw.output());
        try (LabProcess responder = serve(lab, LabHosts.A_V4 + ":7000")) {
            ExecResult r = check(lab, LabHosts.A_V4, "--json");
            assertEquals(1, r.exitCode(), r.output());
            JsonNode t = JSON.readTree(r.stdout()).get("targets").get(0);
            assertEquals("HEALTHY", t.get("outbound").get("status").asText(), r.output());
            assertEquals("UNREACHABLE", t.get("inbound").get("status").asText(), r.output());
            assertTrue(t.get("inbound").get("summary").asText().contains("one-way"), t.get("inbound").toString());
        } finally {
            lab.sh(LabHosts.B, "nft delete table inet probetest", Duration.ofSeconds(10));
        }
    }
}
