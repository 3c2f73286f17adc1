package io.gossippreflight.probe.responder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.socket.TcpSnapshot;
import org.junit.jupiter.api.Test;

class ResendTallyTest {
    private static final long MS = 1_000_000L;

    /** An established connection at path MTU 1500 (RTT 1 ms), with these counts. */
    private static TcpSnapshot tcp(int unacked, int retransmits, int totalRetrans, long dsackDups) {
        return tcp(1500, unacked, retransmits, totalRetrans, dsackDups);
    }

    private static TcpSnapshot tcp(int pmtu, int unacked, int retransmits, int totalRetrans, long dsackDups) {
        return new TcpSnapshot(1, 1_000, 500, 200_000, pmtu, 1448, 1448, 1448, unacked, retransmits, totalRetrans, 0,
                true, 0, 10_000, 0, dsackDups, 0);
    }

    /**
     * Polls every 5 ms until the tally stops, showing {@code beforeWait} until {@code switchAtNanos} and
     * {@code afterWait} from then on; the segments it found lost.
     */
    private static int drain(ResendTally t, TcpSnapshot beforeWait, TcpSnapshot afterWait, long switchAtNanos) {
        int lost = 0;
        for (int polls = 0; polls < 1_000; polls++) {
            long now = polls * 5 * MS;
            ResendTally.Step s = t.observe(now < switchAtNanos ? beforeWait : afterWait, polls, now);
            lost += s.lost();
            if (!s.again()) {
                return lost;
            }
        }
        throw new AssertionError("the tally never stopped");
    }

    @Test
    void aResendReportedBackAsADuplicateAfterTheAcknowledgementIsNoLoss() {
        // a tail-loss probe fired while the checker's acknowledgement was slow: everything is acknowledged
        // first, and the D-SACK for the needless resend trails it (seen here 60 ms later, a busy checker)
        ResendTally t = new ResendTally(tcp(0, 0, 0, 0));
        assertEquals(0, drain(t, tcp(0, 0, 1, 0), tcp(0, 0, 1, 1), 60 * MS));
    }

    @Test
    void aResendNeverReportedAsADuplicateIsALossOnceTheWaitIsOver() {
        ResendTally t = new ResendTally(tcp(0, 0, 0, 0));
        long now = 0;
        ResendTally.Step s;
        for (int polls = 0; (s = t.observe(tcp(0, 0, 1, 0), polls, now)).again(); polls++) {
            assertEquals(0, s.lost());
            now += 5 * MS;
        }
        assertEquals(1, s.lost());
        assertTrue(now >= ResendTally.DSACK_WAIT_FLOOR_NANOS, "counted after " + now / MS + " ms");
    }

    @Test
    void theWaitForADuplicateReportGrowsWithTheRoundTrip() {
        TcpSnapshot slowPath = new TcpSnapshot(1, 300_000, 30_000, 1_000_000, 1500, 1448, 1448, 1448, 0, 0, 1, 0,
                true, 0, 10_000, 0, 0, 0);
        assertEquals(420 * MS, ResendTally.dsackWaitNanos(slowPath));
        assertEquals(ResendTally.DSACK_WAIT_FLOOR_NANOS, ResendTally.dsackWaitNanos(tcp(0, 0, 1, 0)));
    }

    @Test
    void onlyResendsSinceTheFirstAnswerCount() {
        ResendTally t = new ResendTally(tcp(0, 0, 4, 1)); // 3 unexplained before this checker's answers
        assertEquals(2, drain(t, tcp(0, 0, 6, 1), tcp(0, 0, 6, 1), 0));
        // a later answer, one more resend that the checker reports back as a duplicate in time
        assertEquals(0, drain(t, tcp(0, 0, 7, 1), tcp(0, 0, 7, 2), 10 * MS));
    }

    @Test
    void resendsOfAnOutageAreNotRandomLoss() {
        ResendTally t = new ResendTally(tcp(0, 0, 0, 0));
        // the same segment resent three times by the timer, then the path comes back and it drains
        ResendTally.Step s = t.observe(tcp(2, 3, 3, 0), 0, 0);
        assertTrue(s.again());
        assertEquals(0, drain(t, tcp(0, 0, 3, 0), tcp(0, 0, 3, 0), 0));
        // only the baseline moved: a later random loss still counts
        assertEquals(1, drain(t, tcp(0, 0, 4, 0), tcp(0, 0, 4, 0), 0));
    }

    @Test
    void resendsAfterIcmpLoweredThePathMtuSayNothing() {
        ResendTally t = new ResendTally(tcp(0, 0, 0, 0));
        ResendTally.Step s = t.observe(tcp(1422, 0, 0, 5, 0), 0, 0);
        assertFalse(s.again());
        assertEquals(0, s.lost());
    }

    @Test
    void aConnectionClosedBeforeTheDuplicateReportLeavesTheResendUnproven() {
        ResendTally t = new ResendTally(tcp(0, 0, 0, 0));
        assertTrue(t.observe(tcp(0, 0, 1, 0), 0, 0).again());
        ResendTally.Step s = t.observe(null, 1, 5 * MS);
        assertFalse(s.again());
        assertEquals(0, s.lost());
    }

    @Test
    void aConnectionThatNeverDrainsIsGivenUp() {
        ResendTally t = new ResendTally(tcp(0, 0, 0, 0));
        ResendTally.Step s = t.observe(tcp(3, 1, 1, 0), ResendTally.POLLS + 1, 0);
        assertFalse(s.again());
        assertEquals(0, s.lost());
    }
}
