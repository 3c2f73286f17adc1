package io.gossippreflight.probe.responder;

import io.gossippreflight.probe.socket.TcpSnapshot;

/**
 * One answering connection's count of segments lost on the way towards the checker, from its
 * kernel's successive TCP_INFO snapshots. Each time everything sent on it has been acknowledged,
 * the retransmissions its kernel made on its own since the last count are lost segments, except:
 * <ul>
 *   <li>those the checker reported back as duplicates (D-SACK): a tail-loss probe fired while an
 *       acknowledgement was slow (a busy host, a delayed ACK) resent bytes that had arrived. The
 *       D-SACK trails the acknowledgement of everything by up to a round trip, longer when the
 *       checker's host is busy, so a count waits {@link #dsackWaitNanos} for it first;</li>
 *   <li>those after ICMP taught the connection a smaller path MTU (resent in smaller pieces by
 *       design);</li>
 *   <li>those of an outage (the same segment resent {@link #OUTAGE_RETRANSMITS} times running, or
 *       nothing acknowledged for {@link #POLLS} polls): a black hole or a cut, not random loss.</li>
 * </ul>
 * Our responder and the simulated target ({@code probe.sim.SimTarget}) both count with it, each
 * polling on its own clock. Not thread-safe: callers serialise.
 */
public final class ResendTally {
    /** Polls (5 ms apart) of a connection that never drains before giving up on it. */
    public static final int POLLS = 2_000;
    /**
     * The same segment resent this many times in a row by the timer: an outage (a black hole, a
     * cut), not random loss, which would have to drop it three times running.
     */
    static final int OUTAGE_RETRANSMITS = 3;
    /** Shortest wait for a D-SACK: Linux's minimum RTO, which a slow acknowledgement beat by little. */
    static final long DSACK_WAIT_FLOOR_NANOS = 200_000_000L;

    /** What to do after a snapshot: poll again or stop, and how many segments were newly found lost. */
    public record Step(boolean again, int lost) {
        static final Step AGAIN = new Step(true, 0);
        static final Step STOP = new Step(false, 0);
    }

    private final int startPmtu;
    private int counted;
    /**
     * Set when a watch gave up with bytes still unacknowledged (a black hole, an outage): what the
     * kernel resends then is no random loss, so the next time everything is acknowledged only
     * moves the baseline. A long-lived checker (probe watch) reuses this connection after the
     * path is repaired, and its backlog then arrives.
     */
    private boolean stalled;
    /** When everything was first seen acknowledged with resends unexplained; -1 when none wait. */
    private long unexplainedSince = -1;

    /** @param first the connection's snapshot before its first answer (null: nothing known yet) */
    public ResendTally(TcpSnapshot first) {
        this.startPmtu = first == null ? 0 : first.pmtu();
        this.counted = first == null ? 0 : resends(first);
    }

    /**
     * Takes one more snapshot of the connection.
     *
     * @param t the snapshot, null once the connection closed
     * @param polls how many polls this watch made before
     * @param nowNanos the caller's clock
     */
    public Step observe(TcpSnapshot t, int polls, long nowNanos) {
        if (t == null || t.pmtu() < startPmtu) {
            // closed (a resend still waiting for its D-SACK stays unproven), or ICMP taught it a smaller
            // path MTU: its retransmissions say nothing of loss
            unexplainedSince = -1;
            return Step.STOP;
        }
        if (!t.allAcknowledged()) {
            if (polls > POLLS || t.retransmits() >= OUTAGE_RETRANSMITS) {
                stalled = true;
                unexplainedSince = -1;
            }
            return polls > POLLS ? Step.STOP : Step.AGAIN;
        }
        int now = resends(t);
        if (stalled) {
            stalled = false;
            counted = Math.max(counted, now);
            return Step.STOP;
        }
        if (now <= counted) {
            unexplainedSince = -1;
            return Step.STOP;
        }
        if (unexplainedSince < 0) {
            unexplainedSince = nowNanos;
        }
        if (nowNanos - unexplainedSince < dsackWaitNanos(t) && polls <= POLLS) {
            return Step.AGAIN;
        }
        int lost = now - counted;
        counted = now;
        unexplainedSince = -1;
        return new Step(false, lost);
    }

    /** How long a D-SACK may trail the acknowledgement of everything: a round trip and its variation, at least the floor. */
    static long dsackWaitNanos(TcpSnapshot t) {
        return Math.max(DSACK_WAIT_FLOOR_NANOS, (Math.max(0, t.rtt()) + 4 * Math.max(0, t.rttvar())) * 1_000);
    }

    private static int resends(TcpSnapshot t) {
        return (int) (t.totalRetrans() - t.dsackDups());
    }
}
