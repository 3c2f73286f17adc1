package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.properties.CaptureProperties;
import io.gossippreflight.analyzer.properties.Captures;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.fixtures.lab.ExecResult;
import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabCapture;
import io.gossippreflight.fixtures.lab.LabHosts;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.LabSupport;
import io.gossippreflight.fixtures.lab.TcpBulk;
import io.gossippreflight.fixtures.lab.Topology;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Captures made by the test itself in every lab topology (plain TCP messages and DF pings, on
 * the nodes and on the gateways with {@code -i any}), then analysed: each topology must give
 * its verdict.
 */
@Tag("lab")
@Timeout(value = 300, unit = TimeUnit.SECONDS) // the capture properties over each topology run inside (sampled: seconds)
class AnalyzerLabTest {
    private static final Duration T = Duration.ofSeconds(30);
    private static final String FILTER = "tcp port 7001 or icmp or icmp6";
    private static Lab lab;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        LabSupport.assumeLab();
        lab = LabSupport.lab();
    }

    @AfterAll
    static void tearDown() {
        if (lab != null) {
            lab.downAll();
        }
    }

    private static void up(Topology t) {
        lab.up(t, LabOptions.defaults());
        lab.resetPmtu();
    }

    /** Captures at the listed points ("a", "ga" ...) while {@code traffic} runs, then analyses. */
    private AnalysisReport captureAndAnalyze(List<String> hosts, Traffic traffic) throws Exception {
        List<LabCapture> caps = new ArrayList<>();
        List<Analyzer.Input> inputs = new ArrayList<>();
        try {
            for (String h : hosts) {
                Path f = dir.resolve(h + ".pcap");
                boolean gateway = h.startsWith("g");
                caps.add(LabCapture.start(lab, h, gateway ? "any" : LabHosts.NODE_IFACE, f, FILTER));
                inputs.add(new Analyzer.Input(h, f));
            }
            traffic.run();
        } finally {
            for (LabCapture c : caps) {
                c.stop();
            }
        }
        Analyzer.Options options = Analyzer.Options.defaults().withGossipPort(7001);
        AnalysisReport report = Analyzer.analyze(inputs, options);
        checkProperties(inputs, options);
        return report;
    }

    /**
     * The verdict properties over this topology's own captures: cut, thinned, started late, shifted,
     * duplicated, merged, IPv6 ({@link CaptureProperties}), sampled unless the full run was asked for.
     */
    private void checkProperties(List<Analyzer.Input> inputs, Analyzer.Options options) throws Exception {
        List<Captures.Capture> set = new ArrayList<>();
        for (Analyzer.Input in : inputs) {
            set.add(Captures.read(in.name(), in.path()));
        }
        Path work = java.nio.file.Files.createDirectories(dir.resolve("properties"));
        String label = "lab " + String.join(",", inputs.stream().map(Analyzer.Input::name).toList());
        CaptureProperties.Result r = CaptureProperties.fullRequested()
                ? CaptureProperties.full(label, set, work, options, inputs.hashCode())
                : CaptureProperties.sampled(label, set, work, options, System.nanoTime());
        System.out.printf("capture properties %s: %d cases in %d ms%n", label, r.cases(), r.millis());
        assertTrue(r.violations().isEmpty(), r.violations().size() + " of " + r.cases() + " cases broke a property:\n"
                + String.join("\n", r.violations()));
    }

    private interface Traffic {
        void run() throws Exception;
    }

    private static PathVerdict verdict(AnalysisReport r, String from, String to) {
        return AnalyzerFixtureTest.verdict(r, from, to);
    }

    /** One TCP message of {@code bytes} from a lab host to a sink on another; true when it arrived. */
    private static boolean tcp(String from, String to, String toAddr, int bytes) throws Exception {
        Process sink = lab.spawn(to, LabSupport.java(TcpBulk.class.getName(), "serve", "7001", "4000"),
                ProcessBuilder.Redirect.PIPE, ProcessBuilder.Redirect.INHERIT);
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(sink.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("listening", r.readLine(), "sink did not start");
            ExecResult client = lab.exec(from, LabSupport.java(TcpBulk.class.getName(), "send", toAddr, "7001",
                    Integer.toString(bytes), "3000"), T);
            assertTrue(sink.waitFor(15, TimeUnit.SECONDS), "sink ends after its deadline");
            return client.exitCode() == 0;
        } finally {
            if (sink.isAlive()) {
                sink.destroyForcibly();
            }
        }
    }

    private static ExecResult dfPing(String from, String to, int payload, int count, boolean v6) {
        List<String> argv = new ArrayList<>(List.of("ping"));
        if (v6) {
            argv.add("-6");
        }
        argv.addAll(List.of("-c", Integer.toString(count), "-i", "0.2", "-W", "1", "-M", "do", "-s",
                Integer.toString(payload), to));
        return lab.exec(from, argv, T);
    }

    @Test
    void directIsHealthyBothWays() throws Exception {
        up(Topology.DIRECT);
        AnalysisReport r = captureAndAnalyze(List.of("a", "b"), () -> assertTrue(tcp("a", "b", LabHosts.B_V4, 200_000)));
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        assertEquals(PathStatus.HEALTHY, ab.status(), ab.summary());
        assertTrue(ab.mtu().largestDelivered() > 8000, ab.mtu().describe());
        assertEquals(PathStatus.HEALTHY, verdict(r, LabHosts.B_V4, LabHosts.A_V4).status());
        assertFalse(r.problem());
    }

    @Test
    void vpnPmtudWorksWithTheRoutersMtu() throws Exception {
        up(Topology.VPN);
        AnalysisReport r = captureAndAnalyze(List.of("a", "ga", "b"),
                () -> assertTrue(tcp("a", "b", LabHosts.B_V4, 37_000)));
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        assertEquals(PathStatus.PMTUD_WORKS, ab.status(), ab.summary());
        assertEquals(1422, ab.mtu().exact());
        assertEquals(Boolean.TRUE, r.icmp().get(0).reachedSender(), r.icmp().toString());
        assertTrue(r.icmp().get(0).seenAt().contains("a"), r.icmp().toString());
        assertEquals(LabHosts.GA_NODE_V4, r.icmp().get(0).router());
    }

    @Test
    void blackholeTcpAndPingsGiveTheExactMtu() throws Exception {
        up(Topology.VPN_BLACKHOLE);
        AnalysisReport r = captureAndAnalyze(List.of("a", "ga", "gb", "b"), () -> {
            assertFalse(tcp("a", "b", LabHosts.B_V4, 37_000), "37 KB must stall in the black hole");
            dfPing("a", LabHosts.B_V4, 1394, 2, false);
            dfPing("a", LabHosts.B_V4, 1395, 2, false);
        });
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertTrue(ab.summary().contains("between ga and gb"), ab.summary());
        assertTrue(r.icmp().isEmpty(), "the gateways drop their ICMP: " + r.icmp());
        assertEquals(1422, ab.mtu().exact(), ab.mtu().describe() + " — the 1422-byte ping crossed, the 1423-byte one died");
        assertEquals(MtuEstimate.Source.ADJACENT_SIZES, ab.mtu().source());
        assertTrue(ab.fixes().stream().anyMatch(f -> f.command().endsWith("mtu lock 1422")), ab.fixes().toString());
    }

    @Test
    void blackholeWithPingsOnlyStillBrackets() throws Exception {
        up(Topology.VPN_BLACKHOLE);
        AnalysisReport r = captureAndAnalyze(List.of("a", "ga"), () -> {
            dfPing("a", LabHosts.B_V4, 1200, 2, false);
            dfPing("a", LabHosts.B_V4, 1472, 2, false);
        });
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertEquals(1228, ab.mtu().largestDelivered());
        assertEquals(1500, ab.mtu().smallestLost());
        assertTrue(ab.fixes().stream().anyMatch(f -> f.command().startsWith("preflight probe check 198.18.2.2:")),
                ab.fixes().toString());
    }

    @Test
    void onewayOnlyTheBrokenDirection() throws Exception {
        up(Topology.VPN_ONEWAY);
        AnalysisReport r = captureAndAnalyze(List.of("a", "ga", "gb", "b"), () -> {
            assertFalse(tcp("a", "b", LabHosts.B_V4, 37_000), "a to b is black-holed");
            assertTrue(tcp("b", "a", LabHosts.A_V4, 37_000), "b to a learns the MTU by ICMP");
        });
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        PathVerdict ba = verdict(r, LabHosts.B_V4, LabHosts.A_V4);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertEquals(PathStatus.PMTUD_WORKS, ba.status(), ba.summary());
        assertEquals(1422, ba.mtu().exact());
    }

    @Test
    void lossyKeepsItsMtuAndLossIsNeverOne() throws Exception {
        up(Topology.VPN_LOSSY);
        AnalysisReport r = captureAndAnalyze(List.of("a", "b"), () -> {
            tcp("a", "b", LabHosts.B_V4, 300_000);
            lab.exec("a", List.of("ping", "-q", "-c", "200", "-i", "0.005", "-W", "1", "-s", "100", LabHosts.B_V4), T);
        });
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        // the tunnel's ICMP reaches a: PMTUD works and says 1422, whatever the loss; the loss is said beside it
        assertEquals(PathStatus.PMTUD_WORKS, ab.status(), ab.summary());
        assertEquals(1422, ab.mtu().exact(), "never an MTU from loss: " + ab.mtu());
        assertTrue(ab.warnings().stream().anyMatch(w -> w.contains("lost too")), ab.warnings().toString());
    }

    @Test
    void clampedMssIsNamed() throws Exception {
        up(Topology.VPN_CLAMPED);
        AnalysisReport r = captureAndAnalyze(List.of("a", "b"), () -> assertTrue(tcp("a", "b", LabHosts.B_V4, 37_000)));
        PathVerdict ab = verdict(r, LabHosts.A_V4, LabHosts.B_V4);
        assertEquals(PathStatus.MSS_CLAMPED, ab.status(), ab.summary());
        assertEquals(1422, ab.mtu().estimate());
    }

    @Test
    void v6PacketTooBigIsPmtud() throws Exception {
        up(Topology.VPN_V6);
        AnalysisReport r = captureAndAnalyze(List.of("a", "ga", "b"),
                () -> assertTrue(tcp("a", "b", LabHosts.B_V6, 37_000)));
        PathVerdict ab = verdict(r, LabHosts.A_V6, LabHosts.B_V6);
        assertEquals(PathStatus.PMTUD_WORKS, ab.status(), ab.summary());
        assertEquals(1422, ab.mtu().exact());
        assertEquals(6, r.icmp().get(0).ipVersion());
    }

    @Test
    void v6BlackHole() throws Exception {
        up(Topology.VPN_BLACKHOLE_V6);
        AnalysisReport r = captureAndAnalyze(List.of("a", "ga", "gb", "b"), () -> {
            assertFalse(tcp("a", "b", LabHosts.B_V6, 37_000));
            dfPing("a", LabHosts.B_V6, 1374, 2, true);
            dfPing("a", LabHosts.B_V6, 1375, 2, true);
        });
        PathVerdict ab = verdict(r, LabHosts.A_V6, LabHosts.B_V6);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertEquals(1422, ab.mtu().exact(), ab.mtu().describe());
        assertTrue(r.icmp().isEmpty(), r.icmp().toString());
    }
}
