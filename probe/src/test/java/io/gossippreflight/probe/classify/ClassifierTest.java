package io.gossippreflight.probe.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.plan.PacketOverhead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final Direction D = Direction.INBOUND;
    static final PathContext CTX = new PathContext("198.18.2.2", "eth0", "198.18.2.1", "198.18.1.2", null,
            PacketOverhead.IPV4, 7000);

    /** Probes "size:outcome" with C crossed, L late, X lost, N not sent; U prefix = UDP; M suffix: many packets. */
    static List<ProbeRecord> probes(Direction d, String spec) {
        List<ProbeRecord> out = new ArrayList<>();
        for (String item : spec.trim().split("\\s+")) {
            boolean udp = item.startsWith("U");
            String[] p = (udp ? item.substring(1) : item).replace("M", "").split(":");
            ProbeOutcome o = switch (p[1]) {
                case "C" -> ProbeOutcome.CROSSED;
                case "L" -> ProbeOutcome.CROSSED_LATE;
                case "X" -> ProbeOutcome.LOST;
                case "N" -> ProbeOutcome.NOT_SENT;
                default -> throw new IllegalArgumentException(item);
            };
            int size = Integer.parseInt(p[0]);
            out.add(new ProbeRecord(d, udp ? ProbeKind.UDP : ProbeKind.BISECT, udp ? "UDP" : "ACK", size, size, o,
                    Duration.ofMillis(1), 0, !item.contains("M")));
        }
        return out;
    }

    private static PathVerdict classify(String spec) {
        return Classifier.classify(DirectionEvidence.ofProbes(D, PacketOverhead.IPV4, 9001, probes(D, spec)), CTX);
    }

    private static PathVerdict withKernel(String spec, OptionalInt icmp, OptionalInt advertised, OptionalInt seen) {
        return Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 9001, probes(D, spec), icmp,
                "TCP_INFO pmtu", advertised, seen, 9001, OptionalInt.empty(), OptionalInt.empty(), 0), CTX);
    }

    private static boolean has(PathVerdict v, Evidence.Kind kind) {
        return v.evidence().stream().anyMatch(e -> e.kind() == kind);
    }

    @Test
    void everySizeCrossingIsHealthy() {
        PathVerdict v = classify("352:C 1062:C 1462:C 4062:C 9001:C");
        assertEquals(PathStatus.HEALTHY, v.status());
        assertEquals(9001, v.mtu().exact());
        assertEquals(Confidence.HIGH, v.confidence());
        assertFalse(v.status().isProblem());
        assertEquals("198.18.1.2", v.from(), "inbound: the target sends");
        assertEquals("198.18.2.2", v.to());
        assertEquals(List.of(), v.fixes());
    }

    @Test
    void adjacentCrossedAndLostSizesPinABlackHoleToTheByte() {
        PathVerdict v = classify("352:C 1062:C 1462:X 9001:X 1422:C 1423:X 1300:C");
        assertEquals(PathStatus.BLACK_HOLE, v.status());
        assertEquals(1422, v.mtu().exact());
        assertEquals(MtuEstimate.Source.BISECTION, v.mtu().source());
        assertEquals(1423, v.mtu().smallestLost());
        assertEquals(Confidence.HIGH, v.confidence());
        assertTrue(v.summary().contains("over 1422 bytes vanish"), v.summary());
        assertTrue(has(v, Evidence.Kind.PROBE_SIZE_LOST) && has(v, Evidence.Kind.NO_ICMP), v.evidence().toString());
        assertTrue(Verdicts.carries(v, 1422));
        assertFalse(Verdicts.carries(v, 1423));
        // inbound: the target sends, so the route and interface fixes go there, the clamp here
        assertEquals(Fix.Kind.ROUTE_MTU_LOCK, v.fixes().get(0).kind());
        assertEquals("198.18.1.2", v.fixes().get(0).where());
        assertTrue(v.fixes().get(0).command().endsWith("mtu lock 1422"), v.fixes().get(0).command());
        assertEquals(Fix.Kind.MSS_CLAMP, v.fixes().get(2).kind());
        assertEquals("198.18.2.2", v.fixes().get(2).where());
        assertEquals("iptables -t mangle -A OUTPUT -p tcp -d 198.18.1.2 --tcp-flags SYN,RST SYN -j TCPMSS --set-mss 1382",
                v.fixes().get(2).command());
    }

    @Test
    void outboundFixesUseOurRoute() {
        Direction out = Direction.OUTBOUND;
        PathVerdict v = Classifier.classify(DirectionEvidence.ofProbes(out, PacketOverhead.IPV4, 9001,
                probes(out, "1422:C 1423:X")), CTX);
        assertEquals("198.18.2.2", v.fixes().get(0).where());
        assertEquals("ip route replace 198.18.1.2/32 via 198.18.2.1 dev eth0 mtu lock 1422", v.fixes().get(0).command());
        assertEquals("ip link set dev eth0 mtu 1422", v.fixes().get(1).command());
        assertEquals("sysctl -w net.ipv4.tcp_mtu_probing=1", v.fixes().get(3).command());
    }

    @Test
    void aGapGivesABracketNotAnMtu() {
        PathVerdict v = classify("352:C 1062:C 1462:X 9001:X");
        assertEquals(PathStatus.BLACK_HOLE, v.status());
        assertNull(v.mtu().exact());
        assertEquals(1062, v.mtu().lowerBound());
        assertEquals(1461, v.mtu().upperBound());
        assertEquals(Confidence.MEDIUM, v.confidence());
        assertTrue(v.summary().contains("between 1062 and 1461"), v.summary());
    }

    @Test
    void aKernelPmtuFromIcmpMeansPmtudWorks() {
        PathVerdict v = withKernel("352:C 1462:C 9001:C", OptionalInt.of(1422), OptionalInt.empty(), OptionalInt.empty());
        assertEquals(PathStatus.PMTUD_WORKS, v.status());
        assertEquals(1422, v.mtu().exact());
        assertEquals(MtuEstimate.Source.KERNEL, v.mtu().source());
        assertFalse(v.status().isProblem());
        assertTrue(v.status().isWarning());
        assertTrue(has(v, Evidence.Kind.KERNEL_PMTU));
    }

    @Test
    void aPacketOverTheLearnedPmtuLostWhileTheKernelLearnedItIsNotLoss() {
        // lanes racing the first ICMP: one 1494-byte packet lost, later larger messages crossed resegmented
        PathVerdict v = withKernel("352:C 1494:X 1462:C 9001:CM", OptionalInt.of(1422), OptionalInt.empty(),
                OptionalInt.empty());
        assertEquals(PathStatus.PMTUD_WORKS, v.status(), v.summary());
        assertEquals(1422, v.mtu().exact());
        assertTrue(v.warnings().stream().noneMatch(w -> w.contains("random loss")), v.warnings().toString());
        // within the learned path MTU a loss is still loss: said beside the limit, which stays the verdict
        PathVerdict within = withKernel("352:C 1400:X 1462:C 9001:CM", OptionalInt.of(1422), OptionalInt.empty(),
                OptionalInt.empty());
        assertEquals(PathStatus.PMTUD_WORKS, within.status());
        assertEquals(1422, within.mtu().exact());
        assertTrue(within.warnings().stream().anyMatch(w -> w.contains("random loss")), within.warnings().toString());
        // and without a learned path MTU the same 1494-byte loss is loss, not a limit
        PathVerdict none = classify("352:C 1494:X 1462:C 9001:CM");
        assertEquals(PathStatus.HEALTHY, none.status());
        assertTrue(none.warnings().stream().anyMatch(w -> w.contains("1 of 4 probes")), none.warnings().toString());
    }

    @Test
    void aKernelPmtuEqualToTheInterfaceMtuIsNoLimit() {
        PathVerdict v = withKernel("352:C 9001:C", OptionalInt.of(9001), OptionalInt.empty(), OptionalInt.empty());
        assertEquals(PathStatus.HEALTHY, v.status());
    }

    @Test
    void aLateArrivalMeansLossNeverAnMtu() {
        PathVerdict v = classify("352:L 1062:C 1462:C 1423:X 9001:C");
        assertEquals(PathStatus.RANDOM_LOSS, v.status());
        assertNull(v.mtu().exact());
        assertNull(v.mtu().estimate());
        assertNull(v.mtu().upperBound());
        assertTrue(v.summary().contains("2 of 5 probes"), v.summary());
        assertTrue(v.summary().contains("not a size limit"), v.summary());
        assertTrue(has(v, Evidence.Kind.RETRANSMISSIONS));
        assertEquals(List.of(), v.fixes(), "no MTU fix for loss");
    }

    @Test
    void oneLossAloneIsAWarningTwoAreRandomLoss() {
        PathVerdict one = classify("352:L 1422:C 9001:C");
        assertEquals(PathStatus.HEALTHY, one.status());
        assertTrue(one.warnings().stream().anyMatch(w -> w.startsWith("random loss")), one.warnings().toString());
        assertEquals(PathStatus.RANDOM_LOSS, classify("352:L 1062:L 1422:C 9001:C").status());
        // a multi-segment message the kernel had to repair counts too: the prober only marks it late on kernel evidence
        assertEquals(PathStatus.RANDOM_LOSS, classify("352:L 1422:C 9001:LM").status());
    }

    @Test
    void smallSizesLostBelowALargeOneThatCrossedAreLoss() {
        assertEquals(PathStatus.RANDOM_LOSS, classify("352:X 600:X 1062:C 9001:C").status());
        assertEquals(PathStatus.HEALTHY, classify("352:X 1062:C 9001:C").status());
    }

    @Test
    void anIcmpLimitStaysTheVerdictWithLossAsAWarning() {
        PathVerdict v = withKernel("352:L 600:L 9001:C", OptionalInt.of(1422), OptionalInt.empty(), OptionalInt.empty());
        assertEquals(PathStatus.PMTUD_WORKS, v.status());
        assertEquals(1422, v.mtu().exact());
        assertTrue(has(v, Evidence.Kind.KERNEL_PMTU));
        assertTrue(v.warnings().stream().anyMatch(w -> w.contains("2 of 3 probes")), v.warnings().toString());
    }

    private static PathVerdict withReportedLoss(String spec, int resends) {
        return Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 9001, probes(D, spec), OptionalInt.empty(),
                "", OptionalInt.empty(), OptionalInt.empty(), 9001, OptionalInt.empty(), OptionalInt.empty(), resends), CTX);
    }

    /**
     * Our responder's count of resends is loss where nothing else explains them; beside a black hole the
     * black hole makes resends too (a paused responder's connections drained late: ProbeWanLabTest
     * aPausingFarEnd once said "random loss target → us: 17 of 69" on a loss-free vpn-oneway).
     */
    @Test
    void resendsTheSenderReportedAreLossExceptBesideABlackHole() {
        PathVerdict clean = withReportedLoss("352:C 1422:C 9001:C", 3);
        assertEquals(PathStatus.RANDOM_LOSS, clean.status(), clean.summary());
        assertTrue(has(clean, Evidence.Kind.RETRANSMISSIONS));
        PathVerdict hole = withReportedLoss("352:C 1422:C 1423:X 9001:X", 17);
        assertEquals(PathStatus.BLACK_HOLE, hole.status());
        assertEquals(1422, hole.mtu().exact());
        assertTrue(hole.warnings().stream().noneMatch(w -> w.startsWith("random loss")), hole.warnings().toString());
        assertTrue(hole.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.RETRANSMISSIONS
                && e.summary().contains("not counted as random loss")), hole.evidence().toString());
    }

    /**
     * One resend the sender counted, seen by no probe, is no loss: on loopback under load Linux now
     * and then misses the D-SACK that shows a tail-loss probe's resend was needless (nstat: 67
     * D-SACKs sent, 65 received over 12 checks), and the check said "random loss target → us: 1 of 35".
     */
    @Test
    void oneResendTheSenderCountedAloneIsNoLoss() {
        PathVerdict lone = withReportedLoss("352:C 1422:C 9001:C", 1);
        assertEquals(PathStatus.HEALTHY, lone.status(), lone.summary());
        assertEquals(List.of(), lone.warnings());
        assertTrue(lone.evidence().stream().anyMatch(e -> e.kind() == Evidence.Kind.RETRANSMISSIONS
                && e.summary().contains("not counted as random loss")), lone.evidence().toString());
        // beside a probe that saw loss itself it counts: two events
        assertEquals(PathStatus.RANDOM_LOSS, withReportedLoss("352:L 1422:C 9001:C", 1).status());
        // two resends are loss
        assertEquals(PathStatus.RANDOM_LOSS, withReportedLoss("352:C 1422:C 9001:C", 2).status());
        // and one beside a limit is said where the limit is judged: no warning either
        PathVerdict learned = Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 9001,
                probes(D, "352:C 1400:C 9001:CM"), OptionalInt.of(1422), "", OptionalInt.empty(), OptionalInt.empty(),
                9001, OptionalInt.empty(), OptionalInt.empty(), 1), CTX);
        assertEquals(PathStatus.PMTUD_WORKS, learned.status());
        assertTrue(learned.warnings().stream().noneMatch(w -> w.startsWith("random loss")), learned.warnings().toString());
    }

    @Test
    void aBlackHoleOnALossyPathIsStillPinnedToTheByte() {
        PathVerdict v = classify("352:L 1062:C 700:L 1422:C 1423:X 1462:X 9001:X");
        assertEquals(PathStatus.BLACK_HOLE, v.status());
        assertEquals(1422, v.mtu().exact());
        assertTrue(v.warnings().stream().anyMatch(w -> w.startsWith("random loss")), v.warnings().toString());
    }

    private static PathVerdict held(String spec, IcmpNow now) {
        return Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 9001, probes(D, spec),
                OptionalInt.of(1422), "held before the check", OptionalInt.empty(), OptionalInt.empty(), 9001,
                OptionalInt.empty(), OptionalInt.empty(), 0, now, OptionalInt.of(480)), CTX);
    }

    /**
     * A path MTU the sender's kernel held from before the check: every TCP probe stays within it, so it
     * is the ICMP witness that says whether PMTUD works now. Untested, the held value counts as before.
     */
    @Test
    void aPathMtuHeldFromBeforeTheCheckIsJudgedByWhatTheWitnessFound() {
        String tcp = "352:C 1062:C 1422:C";
        assertEquals(PathStatus.PMTUD_WORKS, held(tcp, IcmpNow.NOT_TESTED).status());
        PathVerdict arrives = held(tcp, IcmpNow.ARRIVES);
        assertEquals(PathStatus.PMTUD_WORKS, arrives.status(), arrives.summary());
        assertEquals(1422, arrives.mtu().safeValue());

        PathVerdict silent = held(tcp, IcmpNow.SILENT);
        assertEquals(PathStatus.BLACK_HOLE, silent.status(), silent.summary());
        assertEquals(1422, silent.mtu().safeValue(), "the kernel's value, for want of DF UDP: " + silent.mtu());
        assertEquals(Confidence.MEDIUM, silent.confidence());
        assertTrue(has(silent, Evidence.Kind.NO_ICMP), silent.evidence().toString());
        assertTrue(silent.warnings().stream().anyMatch(w -> w.contains("for the next 480 s")), silent.warnings().toString());
        assertTrue(silent.status().isProblem(), "a black hole fails the check, though joins work for now");

        // DF UDP pins it: high confidence, and its limit is the one reported
        PathVerdict udp = held(tcp + " U1000:C U1400:C U1401:X U2000:X U9001:X", IcmpNow.SILENT);
        assertEquals(PathStatus.BLACK_HOLE, udp.status(), udp.summary());
        assertEquals(1400, udp.mtu().exact(), udp.mtu().toString());
        assertEquals(Confidence.HIGH, udp.confidence());

        PathVerdict unanswered = held(tcp, IcmpNow.UNANSWERED);
        assertEquals(PathStatus.INCONCLUSIVE, unanswered.status(), unanswered.summary());
        assertTrue(unanswered.summary().contains("could not be tested") && unanswered.summary().contains("480 s"),
                unanswered.summary());

        // the path carries more than the kernel holds: no limit at 1422, nothing to call PMTUD
        PathVerdict more = held(tcp + " U1422:C U2000:C U9001:C", IcmpNow.NO_LIMIT);
        assertEquals(PathStatus.HEALTHY, more.status(), more.summary());
    }

    @Test
    void aPathMtuTheReceiverLearnedMasksWhatLiesAbove() {
        PathVerdict v = Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 9001,
                probes(D, "352:C 1062:C 1400:C"), OptionalInt.empty(), "", OptionalInt.empty(), OptionalInt.empty(),
                1400, OptionalInt.of(1400), OptionalInt.of(540), 0), CTX);
        assertEquals(PathStatus.INCONCLUSIVE, v.status(), "never healthy above what could not be tested");
        assertEquals(1400, v.mtu().lowerBound());
        assertNull(v.mtu().exact());
        assertTrue(v.summary().contains("untested above 1400") && v.summary().contains("next 540 s"), v.summary());
    }

    @Test
    void dfUdpAboveTheMaskFindsTheBlackHoleTcpCouldNotReach() {
        PathVerdict v = Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 9001,
                probes(D, "352:C 1062:C 1422:C U1000:C U1422:C U1423:X U2000:X U9001:X"), OptionalInt.empty(), "",
                OptionalInt.empty(), OptionalInt.empty(), 1422, OptionalInt.of(1422), OptionalInt.of(540), 0), CTX);
        assertEquals(PathStatus.BLACK_HOLE, v.status(), v.summary());
        assertEquals(1422, v.mtu().exact());
        assertTrue(v.warnings().stream().anyMatch(w -> w.contains("forgotten in 540 s")), v.warnings().toString());
    }

    @Test
    void whatLinuxCannotSendInOneSegmentIsABoundNotALimit() {
        // loopback: MTU 65,536 (65,535 as an IP packet), TCP segments of at most 32,767 bytes
        PathVerdict v = Classifier.classify(new DirectionEvidence(D, PacketOverhead.IPV4, 65_535,
                probes(D, "352:C 9001:C 32819:CM"), OptionalInt.empty(), "", OptionalInt.empty(), OptionalInt.empty(),
                32_819, OptionalInt.empty(), OptionalInt.empty(), 0), CTX);
        assertEquals(PathStatus.HEALTHY, v.status());
        assertNull(v.mtu().exact(), "no exact MTU from a bound: " + v.mtu());
        assertEquals(32_819, v.mtu().lowerBound());
        assertEquals(List.of(), v.fixes());
    }

    @Test
    void anMssRewrittenOnTheWayIsClamping() {
        PathVerdict v = withKernel("352:C 1422:C", OptionalInt.empty(), OptionalInt.of(8961), OptionalInt.of(1382));
        assertEquals(PathStatus.MSS_CLAMPED, v.status());
        assertEquals(1422, v.mtu().safeValue());
        assertEquals(MtuEstimate.Source.MSS_CLAMP, v.mtu().source());
        assertTrue(v.summary().contains("advertised 8961, arrived as 1382"), v.summary());
        assertTrue(has(v, Evidence.Kind.MSS_REWRITTEN));
    }

    @Test
    void clampingWithUdpShowsTheHiddenBlackHole() {
        PathVerdict v = withKernel("352:C 1422:C U1000:C U1422:C U1423:X U9001:X", OptionalInt.empty(),
                OptionalInt.of(8961), OptionalInt.of(1382));
        assertEquals(PathStatus.MSS_CLAMPED, v.status());
        assertEquals(1422, v.mtu().exact());
        assertEquals(Confidence.HIGH, v.confidence());
        assertTrue(v.summary().contains("DF UDP shows the real limit"), v.summary());
    }

    @Test
    void udpAloneCanPinABlackHole() {
        PathVerdict v = classify("U600:C U1422:C U1423:X U9001:X");
        assertEquals(PathStatus.BLACK_HOLE, v.status());
        assertEquals(1422, v.mtu().exact());
        assertTrue(v.evidence().stream().anyMatch(e -> Integer.valueOf(1422).equals(e.facts().get("udpMtu"))));
    }

    @Test
    void udpDisagreeingLowersConfidence() {
        PathVerdict v = classify("1422:C 1423:X U1400:C U1401:X");
        assertEquals(PathStatus.BLACK_HOLE, v.status());
        assertEquals(Confidence.MEDIUM, v.confidence());
        assertTrue(v.warnings().stream().anyMatch(n -> n.contains("disagrees")), v.warnings().toString());
    }

    @Test
    void nothingSentIsInconclusive() {
        assertEquals(PathStatus.INCONCLUSIVE, classify("352:N 9001:N").status());
    }
}
