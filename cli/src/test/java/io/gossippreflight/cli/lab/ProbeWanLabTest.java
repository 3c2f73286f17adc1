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
import io.gossippreflight.fixtures.lab.Pauser;
import io.gossippreflight.fixtures.lab.Topology;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10's matrix on the real kernel: the same verdict and exact MTU per direction at WAN round
 * trips (the lab's link emulator, 10 % jitter), with both cores busy, and with the far end paused
 * in the middle of the check. {@code make test} runs a sample, once each; the whole matrix, five
 * runs of every case, runs with {@code -Dgp.probe.matrix=full} ({@code make probe-matrix}).
 */
@Tag("lab")
class ProbeWanLabTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final boolean FULL = "full".equals(System.getProperty("gp.probe.matrix"));

    /** One case: a path, the verdict each way (status, exact MTU; a null MTU is not checked), the exit code. */
    record Case(String topology, int tunnelMtu, double lossPercent, int rttMs, String target, String out, Integer outMtu,
                String in, Integer inMtu, int exit, boolean udp) {
        @Override
        public String toString() {
            return topology + (tunnelMtu != 1422 ? " " + tunnelMtu : "") + (lossPercent > 0 ? " " + lossPercent + "%" : "")
                    + " @" + rttMs + "ms";
        }
    }

    static Stream<Arguments> matrix() {
        List<Case> all = new ArrayList<>();
        for (int rtt : new int[] {0, 50, 150, 300}) {
            all.add(new Case("vpn", 1422, 0, rtt, LabHosts.A_V4, "PMTUD_WORKS", 1422, "PMTUD_WORKS", 1422, 0, false));
            all.add(new Case("vpn-blackhole", 1422, 0, rtt, LabHosts.A_V4, "BLACK_HOLE", 1422, "BLACK_HOLE", 1422, 1, false));
            all.add(new Case("vpn-oneway", 1422, 0, rtt, LabHosts.A_V4, "PMTUD_WORKS", 1422, "BLACK_HOLE", 1422, 1, false));
            all.add(new Case("vpn-clamped", 1422, 0, rtt, LabHosts.A_V4, "MSS_CLAMPED", 1422, "MSS_CLAMPED", 1422, 0, true));
            all.add(new Case("vpn-lossy", 1422, 1, rtt, LabHosts.A_V4, "PMTUD_WORKS", 1422, "PMTUD_WORKS", 1422, 0, false));
            all.add(new Case("vpn-lossy", 1422, 5, rtt, LabHosts.A_V4, "PMTUD_WORKS", 1422, "PMTUD_WORKS", 1422, 0, false));
            all.add(new Case("vpn-v6", 1422, 0, rtt, "[" + LabHosts.A_V6 + "]", "PMTUD_WORKS", 1422, "PMTUD_WORKS", 1422,
                    0, false));
            all.add(new Case("vpn-blackhole-v6", 1422, 0, rtt, "[" + LabHosts.A_V6 + "]", "BLACK_HOLE", 1422, "BLACK_HOLE",
                    1422, 1, false));
            for (int mtu : new int[] {1280, 1376, 1400, 1450}) {
                all.add(new Case("vpn-blackhole", mtu, 0, rtt, LabHosts.A_V4, "BLACK_HOLE", mtu, "BLACK_HOLE", mtu, 1, false));
            }
        }
        List<Case> chosen = FULL ? all : List.of(
                all.stream().filter(c -> c.topology().equals("vpn-blackhole") && c.tunnelMtu() == 1422 && c.rttMs() == 150)
                        .findFirst().orElseThrow(),
                all.stream().filter(c -> c.topology().equals("vpn") && c.rttMs() == 300).findFirst().orElseThrow(),
                all.stream().filter(c -> c.topology().equals("vpn-oneway") && c.rttMs() == 50).findFirst().orElseThrow(),
                all.stream().filter(c -> c.topology().equals("vpn-lossy") && c.lossPercent() == 5 && c.rttMs() == 50)
                        .findFirst().orElseThrow(),
                all.stream().filter(c -> c.topology().equals("vpn-blackhole") && c.tunnelMtu() == 1376 && c.rttMs() == 0)
                        .findFirst().orElseThrow());
        return chosen.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void theSameVerdictAndMtuAtEveryRoundTrip(Case c) throws Exception {
        LabSupport.assumeLab();
        Lab lab = up(c);
        try (LabProcess responder = serve(lab, c.target())) {
            for (int run = 1; run <= (FULL ? 5 : 1); run++) {
                check(lab, c, responder, "run " + run);
            }
        }
    }

    /** Both cores busy (stress-ng), at 150 ms: the black hole is still exactly 1422 both ways. */
    @Test
    void bothCoresBusy() throws Exception {
        LabSupport.assumeLab();
        Case c = new Case("vpn-blackhole", 1422, 0, 150, LabHosts.A_V4, "BLACK_HOLE", 1422, "BLACK_HOLE", 1422, 1, false);
        Lab lab = up(c);
        Process stress = new ProcessBuilder("stress-ng", "--cpu", "2", "--timeout", "180").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try (LabProcess responder = serve(lab, c.target())) {
            check(lab, c, responder, "stress-ng --cpu 2");
        } finally {
            stress.destroy(); // our own child, by handle
            stress.waitFor();
        }
    }

    /** The far end stopped (SIGSTOP) 1.5 s at a time during the check, at 50 ms: slow, never lost. */
    @Test
    void aPausingFarEnd() throws Exception {
        LabSupport.assumeLab();
        Case c = new Case("vpn-oneway", 1422, 0, 50, LabHosts.A_V4, "PMTUD_WORKS", 1422, "BLACK_HOLE", 1422, 1, false);
        Lab lab = up(c);
        try (LabProcess responder = serve(lab, c.target())) {
            int pauses;
            try (Pauser p = new Pauser(responder.pid(), Duration.ofMillis(800), Duration.ofMillis(1_500),
                    Duration.ofSeconds(3))) {
                check(lab, c, responder, "probe serve paused 1.5 s every 3 s");
                pauses = p.pauses();
            }
            assertTrue(pauses >= 1, "the responder was paused during the check: " + pauses);
        }
    }

    private static Lab up(Case c) {
        Lab lab = LabSupport.lab();
        LabOptions o = LabOptions.defaults().withTunnelMtu(c.tunnelMtu());
        if (c.lossPercent() > 0) {
            o = o.withLossPercent(c.lossPercent());
        }
        if (c.rttMs() > 0) {
            o = o.withRtt(Duration.ofMillis(c.rttMs())).withJitter(Duration.ofMillis(c.rttMs() / 10));
        }
        lab.up(Topology.byId(c.topology()), o);
        lab.resetPmtu();
        return lab;
    }

    private static LabProcess serve(Lab lab, String target) throws InterruptedException {
        return LabProcess.start(lab, LabHosts.A, LabSupport.java(Main.class.getName(), "probe", "serve", "--listen",
                target + ":7000", "--tokens", "256"), "listening on", Duration.ofSeconds(30));
    }

    private static void check(Lab lab, Case c, LabProcess responder, String what) throws IOException {
        lab.resetPmtu();
        List<String> argv = new ArrayList<>(List.of("probe", "check", c.target(), "--json"));
        if (c.udp()) {
            argv.add("--udp");
        }
        long dropsBefore = tunnelDrops(lab);
        ExecResult r = lab.exec(LabHosts.B, LabSupport.java(Main.class.getName(), argv.toArray(String[]::new)),
                Duration.ofSeconds(180));
        long drops = tunnelDrops(lab) - dropsBefore;
        String ctx = c + ", " + what + "\n" + r.stdout() + "\n--- progress:\n" + r.stderr() + "\n--- responder:\n"
                + responder.output();
        assertEquals(c.exit(), r.exitCode(), ctx);
        JsonNode t = JSON.readTree(r.stdout()).get("targets").get(0);
        direction(t.get("outbound"), c.out(), c.outMtu(), ctx);
        direction(t.get("inbound"), c.in(), c.inMtu(), ctx);
        // a loss-free path unless the tunnel itself dropped (its queues overflow when the link emulator is starved
        // of CPU): then a loss warning is the truth
        if (c.lossPercent() == 0 && !c.topology().equals("vpn-clamped") && drops == 0) {
            for (JsonNode v : List.of(t.get("outbound"), t.get("inbound"))) {
                assertTrue(!v.get("warnings").toString().contains("random loss"), "no loss on a loss-free path: " + ctx);
            }
        }
        System.out.printf("%s, %s: tunnel drops %d, outbound %s, inbound %s, pinned after %s / %s ms, check %s ms%n",
                c, what, drops,
                t.get("outbound").get("mtu").get("text").asText(), t.get("inbound").get("mtu").get("text").asText(),
                t.get("exactMillis").get("outbound"), t.get("exactMillis").get("inbound"), t.get("elapsedMillis"));
    }

    /** Packets the tunnel device dropped at either gateway (both ways, its queue and its qdisc). */
    private static long tunnelDrops(Lab lab) throws IOException {
        long total = 0;
        for (String gw : List.of(LabHosts.GA, LabHosts.GB)) {
            ExecResult link = lab.exec(gw, List.of("ip", "-s", "-j", "link", "show", "dev", LabHosts.TUNNEL_IFACE),
                    Duration.ofSeconds(10));
            for (JsonNode dev : JSON.readTree(link.stdout())) {
                JsonNode stats = dev.path("stats64");
                total += stats.path("rx").path("dropped").asLong() + stats.path("tx").path("dropped").asLong();
            }
            ExecResult qdisc = lab.exec(gw, List.of("tc", "-s", "-j", "qdisc", "show", "dev", LabHosts.TUNNEL_IFACE),
                    Duration.ofSeconds(10));
            for (JsonNode q : JSON.readTree(qdisc.stdout().isBlank() ? "[]" : qdisc.stdout())) {
                total += q.path("drops").asLong();
            }
        }
        return total;
    }

    private static void direction(JsonNode v, String status, Integer mtu, String ctx) {
        assertEquals(status, v.get("status").asText(), v.get("summary").asText() + "\n" + ctx);
        if (mtu != null) {
            assertEquals(mtu.intValue(), v.get("mtu").get("exact").asInt(), v.get("mtu") + "\n" + ctx);
        }
    }
}
