package io.gossippreflight.analyzer;

import static io.gossippreflight.analyzer.testing.Scenario.A;
import static io.gossippreflight.analyzer.testing.Scenario.B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.testing.Frames;
import io.gossippreflight.analyzer.testing.Scenario;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-written exchanges for each verdict the fixtures do not show. */
class AnalyzerScenarioTest {
    @TempDir
    Path dir;

    static PathVerdict verdict(AnalysisReport r, String from, String to) {
        return AnalyzerFixtureTest.verdict(r, from, to);
    }

    @Test
    void icmpSeenOnTheWayButNeverAtTheSenderIsABlackHoleWithAnExactMtu() throws Exception {
        Scenario s = new Scenario("a", "gw", "b");
        s.handshake(8961, 8961, "a", "gw", "b");
        s.dataA(0, 500, "a", "gw", "b").ackB(500, "a", "gw", "b");
        for (int i = 0; i < 3; i++) {
            int id = s.nextAId();
            s.dataA(500, 8000, "a", "gw");
            s.icmpToA(1422, 500, 8000, id, "gw"); // filtered before it reaches a
            s.pause(200);
        }
        s.ackB(500, "a", "gw", "b");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, v.status(), v.summary());
        assertEquals(1422, v.mtu().exact());
        assertTrue(v.summary().contains("never reached 198.18.1.2 (a)"), v.summary());
        assertEquals(Boolean.FALSE, r.icmp().get(0).reachedSender());
        assertTrue(v.fixes().stream().anyMatch(f -> f.kind() == Fix.Kind.ROUTE_MTU_LOCK && f.command().endsWith("mtu lock 1422")),
                v.fixes().toString());
        assertTrue(v.fixes().stream().anyMatch(f -> f.kind() == Fix.Kind.ALLOW_ICMP));
    }

    @Test
    void senderThatGetsTheIcmpAndIgnoresItActsAsABlackHole() throws Exception {
        Scenario s = new Scenario("a", "b");
        s.handshake(8961, 8961, "a", "b");
        s.dataA(0, 500, "a", "b").ackB(500, "a", "b");
        for (int i = 0; i < 3; i++) {
            int id = s.nextAId();
            s.dataA(500, 8000, "a");
            s.icmpToA(1422, 500, 8000, id, "a");
            s.pause(300);
        }
        s.ackB(500, "a", "b");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, v.status(), v.summary());
        assertEquals(Boolean.TRUE, r.icmp().get(0).reachedSender());
        assertEquals(Boolean.FALSE, r.icmp().get(0).senderReacted());
        assertTrue(v.summary().contains("kept sending"), v.summary());
    }

    @Test
    void smallPacketsLostTooIsRandomLossNotAnMtu() throws Exception {
        Scenario s = new Scenario("a", "b");
        s.handshake(1460, 1460, "a", "b");
        long rel = 0;
        for (int i = 0; i < 40; i++) {
            boolean lose = i % 5 == 2;
            s.dataA(rel, 1000, lose ? new String[] {"a"} : new String[] {"a", "b"});
            if (lose) {
                s.pause(50).dataA(rel, 1000, "a", "b");
            }
            rel += 1000;
            s.ackB(rel, "a", "b");
        }
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.RANDOM_LOSS, v.status(), v.summary());
        assertTrue(v.status().isProblem());
        assertTrue(v.summary().contains("not an MTU limit"), v.summary());
    }

    @Test
    void unansweredSynsAreUnreachable() throws Exception {
        Scenario s = new Scenario("a", "b");
        for (int i = 0; i < 3; i++) {
            s.tcp(true, Frames.tcp().seq(s.aIsn).flags(Packet.TCP_SYN).mss(1460), "a");
            s.pause(1000);
        }
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.UNREACHABLE, v.status(), v.summary());
        assertTrue(v.fixes().get(0).command().startsWith("nc -vz"));
    }

    @Test
    void aSynTheCaptureEndedOnIsInFlightNotUnreachable() throws Exception {
        // a capture stopped (or a capture point that lost its packets) right after a connection began
        Scenario s = new Scenario("a", "b");
        s.tcp(true, Frames.tcp().seq(s.aIsn).flags(Packet.TCP_SYN).mss(1460), "a");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.INCONCLUSIVE, v.status(), v.summary());
        assertTrue(v.summary().contains("still waiting for an answer"), v.summary());
    }

    @Test
    void resetSynIsRefused() throws Exception {
        Scenario s = new Scenario("a");
        s.tcp(true, Frames.tcp().seq(s.aIsn).flags(Packet.TCP_SYN).mss(1460), "a");
        s.tcp(false, Frames.tcp().seq(0).ack(s.aIsn + 1).flags(Packet.TCP_RST | Packet.TCP_ACK), "a");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.REFUSED, v.status(), v.summary());
        assertTrue(v.summary().contains("refused"), v.summary());
    }

    @Test
    void mssRewrittenOnTheWayIsClamping() throws Exception {
        Scenario s = new Scenario("a", "b");
        s.tcp(true, Frames.tcp().seq(s.aIsn).flags(Packet.TCP_SYN).mss(8961).timestamps(1, 0), "a");
        s.tcp(true, Frames.tcp().seq(s.aIsn).flags(Packet.TCP_SYN).mss(1382).timestamps(1, 0), "b");
        s.tcp(false, Frames.tcp().seq(s.bIsn).ack(s.aIsn + 1).flags(Packet.TCP_SYN | Packet.TCP_ACK).mss(8961)
                .timestamps(1, 1), "a", "b");
        s.tcp(true, Frames.tcp().seq(s.aIsn + 1).ack(s.bIsn + 1).flags(Packet.TCP_ACK).timestamps(1, 1), "a", "b");
        for (int i = 0; i < 12; i++) {
            s.dataA(i * 1370L, 1370, "a", "b").ackB((i + 1) * 1370L, "a", "b");
        }
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.MSS_CLAMPED, v.status(), v.summary());
        assertFalse(v.status().isProblem());
        assertEquals(1422, v.mtu().estimate());
    }

    @Test
    void ipv6PacketTooBigAndAdaptingSenderIsPmtudWorking() throws Exception {
        Scenario s = new Scenario(true, "a", "b");
        s.handshake(8941, 8941, "a", "b");
        s.dataA(0, 500, "a", "b").ackB(500, "a", "b");
        s.dataA(500, 8000, "a");
        s.icmpToA(1422, 500, 8000, 0, "a");
        for (int k = 0; k < 5; k++) {
            s.dataA(500 + k * 1350L, 1350, "a", "b");
        }
        s.dataA(500 + 5 * 1350L, 8000 - 5 * 1350, "a", "b").ackB(8500, "a", "b");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, "2001:db8:1::2", "2001:db8:2::2");
        assertEquals(PathStatus.PMTUD_WORKS, v.status(), v.summary());
        assertEquals(1422, v.mtu().exact());
        assertEquals(6, r.icmp().get(0).ipVersion());
        assertEquals(Boolean.TRUE, r.icmp().get(0).senderReacted());
        assertTrue(v.fixes().get(0).command().startsWith("ip -6 route replace 2001:db8:2::2/128"), v.fixes().toString());
    }

    @Test
    void ipv6TwinCopiesSentCloserThanTheSlackThatBothArriveAreNotLoss() throws Exception {
        // as Linux does after several Packet Too Big in one flight: each one re-sends the flight,
        // so the same 1350-byte segments leave twice, closer together than the slack, and both arrive
        Scenario s = new Scenario(true, "a", "ga", "b");
        s.handshake(8941, 8941, "a", "ga", "b");
        s.dataA(0, 500, "a", "ga", "b").ackB(500, "a", "ga", "b");
        s.dataA(500, 8000, "a", "ga");
        s.icmpToA(1422, 500, 8000, 0, "a", "ga");
        for (int k = 0; k < 5; k++) {
            s.dataA(500 + k * 1350L, 1350, "a", "ga", "b");
            s.dataA(500 + k * 1350L, 1350, "a", "ga", "b"); // the twin, 1 ms later: within the 2 ms slack
        }
        s.dataA(500 + 5 * 1350L, 8000 - 5 * 1350, "a", "ga", "b").ackB(8500, "a", "ga", "b");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, "2001:db8:1::2", "2001:db8:2::2");
        assertEquals(PathStatus.PMTUD_WORKS, v.status(), v.summary());
        assertEquals(1422, v.mtu().exact());
        assertTrue(r.losses().stream().allMatch(l -> l.maxIpLength() > 1422), "only the 8000-byte copy died: "
                + r.losses());
    }
    /**
     * A segment behind a hole arrives at b, which can only repeat its acknowledgement; the sender re-sends
     * the hole (which dies again) and the segment behind it, then the hole once more. Seen from b's own
     * capture every copy b saw arrived: a lossy path captured at the receiver only said RANDOM_LOSS,
     * counting the copies b had received as lost, while the sender's capture does show the copies that died.
     */
    @Test
    void copiesSeenAtTheReceiverArrivedEvenWhenTheSenderSentThemAgain() throws Exception {
        for (boolean withSender : new boolean[] {true, false}) {
            String[] both = withSender ? new String[] {"a", "b"} : new String[] {"b"};
            Scenario s = new Scenario(withSender ? new String[] {"a", "b"} : new String[] {"b"});
            s.handshake(1460, 1460, both);
            long rel = 0;
            for (int i = 0; i < 10; i++) {
                int ts = 2 * i + 2;
                dieOnTheWay(s, withSender, rel, ts);
                s.dataA(rel + 1370, 1370, both); // arrives behind the hole
                s.ackB(rel, both).pause(300);
                dieOnTheWay(s, withSender, rel, ts + 1);
                s.dataA(rel + 1370, 1370, ts + 1, both); // sent again after the timeout, arrives again
                s.ackB(rel, both).pause(300);
                s.dataA(rel, 1370, ts + 1, both);
                rel += 2740;
                s.ackB(rel, both);
            }
            AnalysisReport r = s.analyze(java.nio.file.Files.createDirectories(dir.resolve(withSender ? "ab" : "b-only")));
            PathVerdict v = verdict(r, A, B);
            if (withSender) {
                assertEquals(PathStatus.RANDOM_LOSS, v.status(), v.summary());
                assertTrue(r.losses().stream().allMatch(l -> l.start() % 2740 == 0), "only the holes died: " + r.losses());
            } else {
                assertTrue(r.losses().isEmpty(), "b received every copy it saw: " + r.losses());
                assertEquals(PathStatus.INCONCLUSIVE, v.status(), v.summary());
                assertTrue(v.summary().contains("1 hop(s) past"), v.summary());
            }
        }
    }

    /**
     * The sender's capture was stopped first; the gateway went on and saw big copies retransmitted that
     * never reached b. Followed from a only, nothing was in question (it said HEALTHY, then
     * INCONCLUSIVE "seen further along the path while a was not capturing"): they are followed from
     * the gateway, the first point that was capturing, and died between it and b.
     */
    @Test
    void copiesInQuestionAfterTheSendersCaptureStoppedAreFollowedFromTheNextPoint() throws Exception {
        Scenario s = new Scenario("a", "gw", "b");
        s.handshake(8961, 8961, "a", "gw", "b");
        long rel = 0;
        for (int i = 0; i < 12; i++) {
            s.dataA(rel, 500, "a", "gw", "b").ackB(rel + 500, "a", "gw", "b");
            rel += 500;
        }
        for (int i = 0; i < 3; i++) { // a's capture has stopped
            s.dataA(rel, 8000, "gw").pause(400);
        }
        s.ackB(rel, "gw", "b");
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(PathStatus.BLACK_HOLE, v.status(), v.summary());
        assertTrue(v.summary().contains("died between gw and b"), v.summary());
    }

    /**
     * The router's ICMP came after the sender's capture had stopped: it cannot be said to have never
     * reached the sender (it said BLACK_HOLE, "never reached 198.18.1.2 (a)").
     */
    @Test
    void anIcmpAfterTheSendersCaptureStoppedIsNotLostOnTheWayBack() throws Exception {
        Scenario s = new Scenario("a", "gw", "b");
        s.handshake(8961, 8961, "a", "gw", "b");
        s.dataA(0, 500, "a", "gw", "b").ackB(500, "a", "gw", "b");
        int id = s.nextAId();
        s.dataA(500, 8000, "a", "gw"); // a's last packet
        s.icmpToA(1422, 500, 8000, id, "gw");
        for (int k = 0; k < 6; k++) {
            s.dataA(500 + k * 1370L, 1370, "gw", "b");
        }
        s.ackB(500 + 6 * 1370L, "gw", "b");
        AnalysisReport r = s.analyze(dir);
        assertEquals(null, r.icmp().get(0).reachedSender(), r.icmp().toString());
        PathVerdict v = verdict(r, A, B);
        assertTrue(v.status() != PathStatus.BLACK_HOLE, v.summary());
    }

    /**
     * Captured past the sender only (gw, b), on a path that reorders: a segment passes gw ahead of the
     * one before it, dies between gw and b, and is sent again. Its first copy must count as lost there;
     * gw's first transmissions were out of sequence order and the search for the copy a retransmission
     * replaces missed it (the loss went unseen: INCONCLUSIVE instead of RANDOM_LOSS).
     */
    @Test
    void aCopyThatPassedAheadOfItsPredecessorAndDiedIsStillFollowed() throws Exception {
        Scenario s = new Scenario("gw", "b");
        s.handshake(1460, 1460, "gw", "b");
        long rel = 0;
        for (int i = 0; i < 6; i++) {
            int ts = 2 * i + 2;
            s.dataA(rel + 1370, 1370, ts, "gw"); // overtook the one before it; dies past gw
            s.dataA(rel, 1370, ts, "gw", "b");
            s.ackB(rel + 1370, "gw", "b").pause(300);
            s.dataA(rel + 1370, 1370, ts + 1, "gw", "b"); // sent again after the timeout
            rel += 2740;
            s.ackB(rel, "gw", "b");
        }
        AnalysisReport r = s.analyze(dir);
        PathVerdict v = verdict(r, A, B);
        assertEquals(6, r.losses().size(), r.losses().toString());
        assertTrue(r.losses().stream().allMatch(l -> l.between().contains("between gw and b")), r.losses().toString());
        assertEquals(PathStatus.RANDOM_LOSS, v.status(), v.summary());
    }

    /** A's copy of the hole at {@code rel}, seen only at a (left out without a capture there: its IP ID would show). */
    private static void dieOnTheWay(Scenario s, boolean withSender, long rel, int ts) {
        if (withSender) {
            s.dataA(rel, 1370, ts, "a");
        }
    }
}
