package io.gossippreflight.analyzer.flow;

import io.gossippreflight.analyzer.packet.Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The unacknowledged transmissions of one {@link TcpDirection}, in two rings (first
 * transmissions, sorted by sequence; retransmissions). When acknowledged, a clean first
 * transmission is only counted; anything involved in a retransmission becomes a
 * {@link Transmission} record. Also spots TSO/GRO super-segments by the step of the sender's
 * IPv4 ID counter to its next packet.
 */
final class PendingCopies {
    private static final int MAX_ID_DELTA = 64;

    private final TcpDirection.Budget budget;
    private final int maxPending;
    private TxRing fresh = EMPTY;
    private TxRing resent = EMPTY;
    /** Shared stand-in until a direction carries data (most connections of a scan never do). */
    private static final TxRing EMPTY = new TxRing(16);
    private int lastIpId = -1;
    private int lastSlot = -1;
    private boolean lastInFresh;
    /** Payload per wire packet learned from resolved super-segments (0 = none seen). */
    private int learnedWirePayload;
    /** The largest payload of a packet whose next packet's IP ID was one more: a single wire packet (0 = none). */
    private int largestSinglePayload;
    /**
     * Whether {@link #fresh} is in sequence order, which its binary search needs. A point past the sender
     * sees first transmissions out of order when the path reorders them, or when the one ahead was lost
     * before it; until the ring empties again its entries are then searched one by one.
     */
    private boolean freshSorted = true;

    long evicted;
    long superSegments;
    int maxWireIpLength;
    long cleanDelivered;
    long cleanDeliveredBytes;
    int maxCleanWireIpLength;
    private List<Transmission> kept = List.of();
    long keptDropped;

    PendingCopies(int maxPending, TcpDirection.Budget budget) {
        this.budget = budget;
        this.maxPending = maxPending;
    }

    List<Transmission> kept() {
        return Collections.unmodifiableList(kept);
    }

    /** Every packet of the direction passes here first: it resolves the previous one's ID step. */
    void beforePacket(Packet p, long ackedTo) {
        int slot = lastSlot;
        lastSlot = -1;
        if (slot < 0) {
            return;
        }
        if (p.ipVersion == 4 && lastIpId > 0 && p.ipId > 0) {
            int delta = (p.ipId - lastIpId) & 0xffff;
            TxRing r = lastInFresh ? fresh : resent;
            int payload = (int) (r.end[slot] - r.start[slot]);
            if (delta == 1 && r.segs[slot] == 1) {
                largestSinglePayload = Math.max(largestSinglePayload, payload);
            } else if (delta > 1 && delta <= MAX_ID_DELTA && payload > largestSinglePayload) {
                // a merged packet is larger than any one wire packet; a packet no larger than one that was a
                // wire packet of its own is one too, and the step is packets lost before this point (a
                // capture past the sender sees every upstream loss as a gap in the IDs)
                int segs = largestSinglePayload > 0
                        ? Math.min(delta, (payload + largestSinglePayload - 1) / largestSinglePayload) : delta;
                if (segs > 1 && payload >= segs * 64 && r.segs[slot] < segs) {
                    if (r.segs[slot] == 1) {
                        superSegments++;
                    }
                    r.segs[slot] = segs;
                    learnedWirePayload = Math.max(learnedWirePayload, (payload + segs - 1) / segs);
                }
            }
        }
        if (ackedTo > Long.MIN_VALUE) {
            drain(ackedTo); // the held entry may already be acknowledged
        }
    }

    /** A packet without payload: only its IP ID matters here. */
    void control(Packet p) {
        if (p.ipVersion == 4) {
            lastIpId = p.ipId;
            lastSlot = -1;
        }
    }

    /**
     * A segment with payload {@code [rel, end)}; {@code first} when none of its bytes were seen
     * before, {@code segs} its wire packets as the MSS tells.
     */
    void data(Packet p, long time, long rel, long end, boolean first, int segs) {
        if (fresh == EMPTY) {
            fresh = new TxRing(maxPending);
            resent = new TxRing(Math.max(16, maxPending / 4));
        }
        int hdr = p.l4Offset - p.ipOffset + p.tcpHeaderLength;
        int slot;
        if (first) {
            if (fresh.full()) {
                evictOldest(fresh);
            }
            if (fresh.size() == 0) {
                freshSorted = true;
            } else if (end < fresh.end[fresh.slot(fresh.size() - 1)]) {
                freshSorted = false;
            }
            slot = fresh.push(rel, end, time, p.ipTotalLength, p.ipVersion == 4 ? p.ipId : -1, hdr,
                    p.hasTimestamp ? p.tsVal : 0, 0);
        } else {
            markRetransmitted(fresh, rel, end, freshSorted);
            markRetransmitted(resent, rel, end, false);
            if (resent.full()) {
                evictOldest(resent);
            }
            slot = resent.push(rel, end, time, p.ipTotalLength, p.ipVersion == 4 ? p.ipId : -1, hdr,
                    p.hasTimestamp ? p.tsVal : 0, TxRing.RETRANSMISSION);
        }
        TxRing r = first ? fresh : resent;
        r.segs[slot] = segs;
        if (segs > 1) {
            superSegments++;
        }
        if (p.ipVersion == 4) {
            lastIpId = p.ipId;
            lastSlot = slot;
            lastInFresh = first;
        }
    }

    private static void markRetransmitted(TxRing r, long s, long e, boolean sorted) {
        int n = r.size();
        int i = 0;
        if (sorted) {
            int lo = 0;
            int hi = n;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (r.end[r.slot(mid)] <= s) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            i = lo;
        }
        for (; i < n; i++) {
            int at = r.slot(i);
            if (sorted && r.start[at] >= e) {
                break;
            }
            if (r.start[at] < e && r.end[at] > s) {
                r.flags[at] |= TxRing.RETRANSMITTED;
            }
        }
    }

    /**
     * Settles acknowledged transmissions. The sender's latest packet waits until its next one
     * shows the IP ID step.
     */
    void drain(long ackedTo) {
        while (fresh.size() > 0) {
            int at = fresh.oldest();
            if (fresh.end[at] > ackedTo || (lastInFresh && at == lastSlot)) {
                break;
            }
            settle(fresh, at, true);
            fresh.popOldest();
        }
        if (resent.size() > 0) {
            int n = resent.size();
            for (int i = 0; i < n; i++) {
                int at = resent.oldest();
                boolean held = !lastInFresh && at == lastSlot;
                if (resent.end[at] <= ackedTo && !held) {
                    settle(resent, at, true);
                    resent.popOldest();
                } else {
                    resent.rotateOldest();
                    if (held) {
                        lastSlot = resent.slot(resent.size() - 1);
                    }
                }
            }
        }
    }

    private void settle(TxRing r, int at, boolean acked) {
        maxWireIpLength = Math.max(maxWireIpLength, wireIpLength(r, at));
        boolean involved = (r.flags[at] & (TxRing.RETRANSMITTED | TxRing.RETRANSMISSION)) != 0;
        if (acked && !involved) {
            cleanDelivered++;
            cleanDeliveredBytes += r.end[at] - r.start[at];
            maxCleanWireIpLength = Math.max(maxCleanWireIpLength, wireIpLength(r, at));
            return;
        }
        Transmission.Outcome o = (r.flags[at] & TxRing.RETRANSMITTED) != 0 ? Transmission.Outcome.SUPERSEDED
                : acked ? Transmission.Outcome.ACKED : Transmission.Outcome.UNACKED;
        keep(r.toTransmission(at, o));
    }

    private void keep(Transmission t) {
        if (budget.used >= budget.max) {
            keptDropped++;
            return;
        }
        budget.used++;
        if (kept.isEmpty()) {
            kept = new ArrayList<>(4);
        }
        kept.add(t);
    }

    private static int wireIpLength(TxRing r, int at) {
        int segs = r.segs[at];
        if (segs <= 1) {
            return r.ipLen[at];
        }
        return r.hdr[at] + (int) ((r.end[at] - r.start[at] + segs - 1) / segs);
    }

    private void evictOldest(TxRing r) {
        int at = r.oldest();
        maxWireIpLength = Math.max(maxWireIpLength, wireIpLength(r, at));
        evicted++;
        if ((r.flags[at] & (TxRing.RETRANSMITTED | TxRing.RETRANSMISSION)) != 0) {
            keep(r.toTransmission(at, (r.flags[at] & TxRing.RETRANSMITTED) != 0
                    ? Transmission.Outcome.SUPERSEDED : Transmission.Outcome.UNACKED));
        }
        if (at == lastSlot && r == (lastInFresh ? fresh : resent)) {
            lastSlot = -1;
        }
        r.popOldest();
    }

    /** End of the capture: whatever is still pending is settled as SACKed or unacknowledged. */
    void finish(long ackedTo, IntervalSet sacked) {
        if (lastSlot >= 0 && learnedWirePayload > 0) {
            // the last packet has no successor to show its ID step: size it like the earlier ones
            TxRing r = lastInFresh ? fresh : resent;
            int payload = (int) (r.end[lastSlot] - r.start[lastSlot]);
            int segs = (payload + learnedWirePayload - 1) / learnedWirePayload;
            if (segs > r.segs[lastSlot]) {
                if (r.segs[lastSlot] == 1) {
                    superSegments++;
                }
                r.segs[lastSlot] = segs;
            }
        }
        lastSlot = -1;
        for (TxRing r : new TxRing[] {fresh, resent}) {
            while (r.size() > 0) {
                int at = r.oldest();
                boolean delivered = r.end[at] <= ackedTo || sacked.covers(r.start[at], r.end[at]);
                settle(r, at, delivered);
                r.popOldest();
            }
        }
    }
}
