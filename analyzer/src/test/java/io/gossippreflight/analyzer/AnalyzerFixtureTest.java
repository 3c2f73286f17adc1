package io.gossippreflight.analyzer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.fixtures.FixtureFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared Cassandra 5.0.9 captures give the verdicts the seed story needs. */
public class AnalyzerFixtureTest {
    static final String A = "198.18.1.2";
    static final String B = "198.18.2.2";

    public static AnalysisReport analyze(Analyzer.Options options, String... names) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String n : names) {
            files.add(FixtureFiles.capture("cassandra-5.0.9/" + n + ".pcap"));
        }
        List<String> labels = Analyzer.defaultNames(files);
        List<Analyzer.Input> in = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            in.add(new Analyzer.Input(labels.get(i), files.get(i)));
        }
        return Analyzer.analyze(in, options);
    }

    public static AnalysisReport analyze(String... names) throws Exception {
        return analyze(Analyzer.Options.defaults(), names);
    }

    public static PathVerdict verdict(AnalysisReport r, String from, String to) {
        return r.verdicts().stream().filter(v -> v.from().equals(from) && v.to().equals(to)).findFirst()
                .orElseThrow(() -> new AssertionError("no verdict " + from + " -> " + to + " in " + r.verdicts()));
    }

    @Test
    void twoNodeJoinIsHealthyBothWays() throws Exception {
        AnalysisReport r = analyze("two-node-join-a", "two-node-join-b");
        assertEquals(2, r.verdicts().size());
        for (PathVerdict v : r.verdicts()) {
            assertEquals(PathStatus.HEALTHY, v.status(), v.summary());
            assertEquals(1500, v.mtu().largestDelivered(), "1500-byte packets crossed");
            assertNull(v.mtu().smallestLost());
        }
        assertFalse(r.problem());
        assertTrue(r.losses().isEmpty(), r.losses().toString());
        assertTrue(r.icmp().isEmpty());
        for (FlowInfo f : r.flows()) {
            assertEquals(0, f.clientToServer().undeliveredBytes(), f.toString());
            assertEquals(0, f.serverToClient().undeliveredBytes(), f.toString());
            assertEquals(f.client().startsWith("198.18.1.2") ? List.of("a", "b") : List.of("b", "a"), f.seenAt(),
                    "in path order from the client");
        }
        assertEquals(8, r.flows().size());
    }

    @Test
    void blackHoleSchemaPullResponseDiesBetweenGaAndGb() throws Exception {
        AnalysisReport r = analyze("blackhole-16tokens-a", "blackhole-16tokens-ga", "blackhole-16tokens-gb",
                "blackhole-16tokens-b");
        assertTrue(r.problem());
        PathVerdict ab = verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertEquals(Confidence.HIGH, ab.confidence());
        MtuEstimate mtu = ab.mtu();
        assertFalse(mtu.isExact());
        assertEquals(757, mtu.largestDelivered());
        assertEquals(4100, mtu.smallestLost());
        assertEquals(4099, mtu.upperBound());
        assertNull(mtu.icmpMtu(), "no ICMP anywhere");
        assertTrue(ab.summary().contains("between ga and gb"), ab.summary());
        assertTrue(ab.summary().contains("no ICMP frag-needed reached 198.18.1.2 (a)"), ab.summary());
        assertTrue(ab.fixes().stream().anyMatch(f -> f.kind() == Fix.Kind.MEASURE
                && f.command().equals("preflight probe check 198.18.2.2:7000")), ab.fixes().toString());
        assertTrue(r.icmp().isEmpty());

        // the 12,987-byte SCHEMA_PULL_RSP (+ its 10-byte frame overhead) as one byte range
        assertEquals(1, r.losses().size(), r.losses().toString());
        LossInfo loss = r.losses().get(0);
        assertEquals(19, loss.start());
        assertEquals(13016, loss.end());
        assertEquals(12997, loss.bytes());
        assertEquals(10, loss.copies(), "8 copies of the 8,949-byte segment, 2 of the 4,048");
        assertEquals(4100, loss.minIpLength());
        assertEquals(9001, loss.maxIpLength());
        assertEquals("ga#if2", loss.lastSeen());
        assertEquals("ga#if3", loss.nextPoint());
        assertTrue(loss.between().startsWith("between ga and gb"), loss.between());
        assertFalse(loss.delivered());

        PathVerdict ba = verdict(r, B, A);
        assertEquals(PathStatus.HEALTHY, ba.status(), ba.summary());
    }

    @Test
    void pathOrderIsInferredFromTtlAndTime() throws Exception {
        AnalysisReport r = analyze("blackhole-16tokens-b", "blackhole-16tokens-gb", "blackhole-16tokens-a",
                "blackhole-16tokens-ga");
        PathInfo ab = r.paths().stream().filter(p -> p.from().startsWith(A)).findFirst().orElseThrow();
        assertEquals(List.of("a", "ga#if2", "ga#if3", "gb#if3", "gb#if2", "b"), ab.points());
        assertEquals(List.of(0, 0, 1, 1, 2, 2), ab.hops());
        PathInfo ba = r.paths().stream().filter(p -> p.from().startsWith(B)).findFirst().orElseThrow();
        assertEquals(List.of("b", "gb#if2", "gb#if3", "ga#if3", "ga#if2", "a"), ba.points());
    }

    @Test
    void givenPathFromEitherEnd() throws Exception {
        for (List<String> given : List.of(List.of("a", "ga", "gb", "b"), List.of("b", "gb", "ga", "a"))) {
            AnalysisReport r = analyze(Analyzer.Options.defaults().withPathOrder(given), "blackhole-16tokens-a",
                    "blackhole-16tokens-ga", "blackhole-16tokens-gb", "blackhole-16tokens-b");
            PathInfo ab = r.paths().stream().filter(p -> p.from().startsWith(A)).findFirst().orElseThrow();
            assertEquals(List.of("a", "ga#if2", "ga#if3", "gb#if3", "gb#if2", "b"), ab.points(), given.toString());
            assertEquals("given", ab.basis());
            assertEquals(PathStatus.BLACK_HOLE, verdict(r, A, B).status());
        }
    }

    @Test
    void senderCaptureAloneStillFindsTheBlackHole() throws Exception {
        AnalysisReport r = analyze("blackhole-16tokens-a");
        PathVerdict ab = verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, ab.status(), ab.summary());
        assertEquals(757, ab.mtu().largestDelivered());
        assertEquals(4100, ab.mtu().smallestLost());
        assertTrue(ab.confidence() != Confidence.HIGH, "one point cannot say where");
        assertEquals(1, r.losses().size());
        assertTrue(r.losses().get(0).between().contains("never acknowledged"), r.losses().get(0).between());
    }

    @Test
    void pmtudWorksWhenTheIcmpReachesTheSender() throws Exception {
        AnalysisReport r = analyze("control-pmtud-icmp-allowed-a", "control-pmtud-icmp-allowed-ga");
        PathVerdict ab = verdict(r, A, B);
        assertEquals(PathStatus.PMTUD_WORKS, ab.status(), ab.summary());
        assertFalse(ab.status().isProblem());
        assertTrue(ab.mtu().isExact());
        assertEquals(1422, ab.mtu().exact());
        assertEquals(MtuEstimate.Source.ICMP, ab.mtu().source());
        assertEquals(1, r.icmp().size());
        IcmpInfo icmp = r.icmp().get(0);
        assertEquals(1422, icmp.mtu());
        assertEquals(Boolean.TRUE, icmp.reachedSender());
        assertEquals(Boolean.TRUE, icmp.senderReacted());
        assertEquals(5295, icmp.quotedLength());
        assertEquals(19, icmp.quotedStart(), "matched to the exact segment");
        assertEquals(List.of("ga#if2", "a"), icmp.seenAt());
        assertEquals(1382, icmp.learnedMss());
        assertEquals("198.18.1.1", icmp.router());

        // TSO super-segments are not losses: the only big packet lost is the one the ICMP answered
        long supers = r.flows().stream().mapToLong(f -> f.clientToServer().superSegments()
                + f.serverToClient().superSegments()).sum();
        assertTrue(supers > 50, "the sender-side capture is full of super-segments: " + supers);
        List<LossInfo> big = r.losses().stream().filter(l -> l.maxIpLength() > 1422).toList();
        assertEquals(1, big.size(), big.toString());
        assertEquals(5295, big.get(0).maxIpLength());
        assertTrue(big.get(0).delivered(), "its bytes got through re-segmented");
        assertTrue(ab.warnings().stream().anyMatch(w -> w.contains("super-segments")), ab.warnings().toString());

        // b -> a is seen from ga#if3 on only, a hop past b: what dies before it leaves no trace, so not healthy
        PathVerdict ba = verdict(r, B, A);
        assertEquals(PathStatus.INCONCLUSIVE, ba.status(), ba.summary());
        assertTrue(ba.summary().contains("ga#if3 is 1 hop(s) past 198.18.2.2"), ba.summary());
        assertEquals(1422, ba.mtu().largestDelivered(), "GRO-merged packets count as their wire size");
        assertFalse(r.problem());
    }

    @Test
    void defaultNamesDropTheCommonPrefix() {
        assertEquals(List.of("a", "ga", "gb", "b"), Analyzer.defaultNames(List.of(Path.of("x/blackhole-16tokens-a.pcap"),
                Path.of("blackhole-16tokens-ga.pcap"), Path.of("blackhole-16tokens-gb.pcap"), Path.of("blackhole-16tokens-b.pcap"))));
        assertEquals(List.of("node1", "node2"), Analyzer.defaultNames(List.of(Path.of("node1.pcapng"), Path.of("node2.pcap"))));
        assertEquals(List.of("one"), Analyzer.defaultNames(List.of(Path.of("/tmp/one.pcap"))));
        assertEquals(List.of("x", "x-2"), Analyzer.defaultNames(List.of(Path.of("a/x.pcap"), Path.of("b/x.pcap"))));
        assertNotNull(Analyzer.Options.defaults());
    }
}
