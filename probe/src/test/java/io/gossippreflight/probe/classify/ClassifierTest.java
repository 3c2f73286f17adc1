package io.gossippreflight.probe.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.plan.PacketOverhead;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ClassifierTest {
    private static final Direction D = Direction.INBOUND;

    /** Probes "size:outcome" with C crossed, L late, X lost, N not sent; U prefix = UDP. */
    private static List<ProbeRecord> probes(String spec) {
        List<ProbeRecord> out = new ArrayList<>();
        for (String item : spec.trim().split("\\s+")) {
            boolean udp = item.startsWith("U");
            String[] p = (udp ? item.substring(1) : item).split(":");
            ProbeOutcome o = switch (p[1]) {
                case "C" -> ProbeOutcome.CROSSED;
                case "L" -> ProbeOutcome.CROSSED_LATE;
                case "X" -> ProbeOutcome.LOST;
                case "N" -> ProbeOutcome.NOT_SENT;
                default -> throw new IllegalArgumentException(item);
            };
            int size = Integer.parseInt(p[0]);
            out.add(new ProbeRecord(D, udp ? ProbeKind.UDP : ProbeKind.BISECT, udp ? "UDP" : "ACK", size, size, o,
                    Duration.ofMillis(1), 0));
        }
        return out;
    }

    private static DirectionFinding classify(String spec) {
        return Classifier.classify(DirectionEvidence.ofProbes(D, PacketOverhead.IPV4, 9001, probes(spec)));
    }

    private static DirectionEvidence withKernel(String spec, OptionalInt icmp, OptionalInt advertised, OptionalInt seen) {
        return new DirectionEvidence(D, PacketOverhead.IPV4, 9001, probes(spec), icmp, "TCP_INFO pmtu", advertised, seen);
    }

    @Test
    void everySizeCrossingIsHealthy() {
        DirectionFinding f = classify("352:C 1062:C 1462:C 4062:C 9001:C");
        assertEquals(DirectionStatus.HEALTHY, f.status());
        assertEquals(OptionalInt.of(9001), f.mtu());
        assertEquals(Confidence.HIGH, f.confidence());
        assertFalse(f.status().problem());
    }

    @Test
    void adjacentCrossedAndLostSizesPinABlackHoleToTheByte() {
        DirectionFinding f = classify("352:C 1062:C 1462:X 9001:X 1422:C 1423:X 1300:C");
        assertEquals(DirectionStatus.BLACK_HOLE, f.status());
        assertEquals(OptionalInt.of(1422), f.mtu());
        assertEquals(OptionalInt.of(1423), f.smallestLost());
        assertEquals(Confidence.HIGH, f.confidence());
        assertTrue(f.summary().contains("over 1422 bytes vanish"), f.summary());
        assertTrue(f.carries(1422));
        assertFalse(f.carries(1423));
    }

    @Test
    void aGapGivesABracketNotAnMtu() {
        DirectionFinding f = classify("352:C 1062:C 1462:X 9001:X");
        assertEquals(DirectionStatus.BLACK_HOLE, f.status());
        assertEquals(OptionalInt.empty(), f.mtu());
        assertEquals(Confidence.MEDIUM, f.confidence());
        assertTrue(f.summary().contains("between 1062 and 1461"), f.summary());
    }

    @Test
    void aKernelPmtuFromIcmpMeansPmtudWorks() {
        DirectionFinding f = Classifier.classify(withKernel("352:C 1462:C 9001:C", OptionalInt.of(1422),
                OptionalInt.empty(), OptionalInt.empty()));
        assertEquals(DirectionStatus.ICMP_LIMIT, f.status());
        assertEquals(OptionalInt.of(1422), f.mtu());
        assertFalse(f.status().problem());
    }

    @Test
    void aKernelPmtuEqualToTheInterfaceMtuIsNoLimit() {
        DirectionFinding f = Classifier.classify(withKernel("352:C 9001:C", OptionalInt.of(9001), OptionalInt.empty(),
                OptionalInt.empty()));
        assertEquals(DirectionStatus.HEALTHY, f.status());
    }

    @Test
    void aLateArrivalMeansLossNeverAnMtu() {
        DirectionFinding f = classify("352:L 1062:C 1462:C 1423:X 9001:C");
        assertEquals(DirectionStatus.LOSS, f.status());
        assertEquals(OptionalInt.empty(), f.mtu());
        assertTrue(f.lossRate() > 0.39 && f.lossRate() < 0.41, "2 of 5: " + f.lossRate());
        assertTrue(f.summary().contains("not a size limit"), f.summary());
    }

    @Test
    void aSmallSizeLostBelowALargeOneThatCrossedIsLoss() {
        DirectionFinding f = classify("352:X 1062:C 9001:C");
        assertEquals(DirectionStatus.LOSS, f.status());
        assertEquals(OptionalInt.empty(), f.mtu());
    }

    @Test
    void lossWinsOverAnIcmpLimitToo() {
        DirectionFinding f = Classifier.classify(withKernel("352:L 9001:C", OptionalInt.of(1422), OptionalInt.empty(),
                OptionalInt.empty()));
        assertEquals(DirectionStatus.LOSS, f.status());
        assertTrue(f.notes().stream().anyMatch(n -> n.contains("1422")), f.notes().toString());
    }

    @Test
    void anMssRewrittenOnTheWayIsClamping() {
        DirectionFinding f = Classifier.classify(withKernel("352:C 1422:C", OptionalInt.empty(), OptionalInt.of(8961),
                OptionalInt.of(1382)));
        assertEquals(DirectionStatus.MSS_CLAMPED, f.status());
        assertEquals(OptionalInt.of(1422), f.mtu());
        assertTrue(f.summary().contains("advertised 8961, arrived as 1382"), f.summary());
    }

    @Test
    void clampingWithUdpShowsTheHiddenBlackHole() {
        DirectionFinding f = Classifier.classify(withKernel("352:C 1422:C U1000:C U1422:C U1423:X U9001:X",
                OptionalInt.empty(), OptionalInt.of(8961), OptionalInt.of(1382)));
        assertEquals(DirectionStatus.MSS_CLAMPED, f.status());
        assertEquals(OptionalInt.of(1422), f.udpMtu());
        assertEquals(Confidence.HIGH, f.confidence());
        assertTrue(f.summary().contains("DF UDP shows the real limit"), f.summary());
    }

    @Test
    void udpAloneCanPinABlackHole() {
        DirectionFinding f = classify("U600:C U1422:C U1423:X U9001:X");
        assertEquals(DirectionStatus.BLACK_HOLE, f.status());
        assertEquals(OptionalInt.of(1422), f.mtu());
        assertEquals(OptionalInt.of(1422), f.udpMtu());
    }

    @Test
    void udpDisagreeingLowersConfidence() {
        DirectionFinding f = classify("1422:C 1423:X U1400:C U1401:X");
        assertEquals(DirectionStatus.BLACK_HOLE, f.status());
        assertEquals(Confidence.MEDIUM, f.confidence());
        assertTrue(f.notes().stream().anyMatch(n -> n.contains("disagrees")), f.notes().toString());
    }

    @Test
    void nothingSentIsUnknown() {
        DirectionFinding f = classify("352:N 9001:N");
        assertEquals(DirectionStatus.UNKNOWN, f.status());
        assertTrue(f.status().problem());
    }
}
