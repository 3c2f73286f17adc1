package io.gossippreflight.analyzer.flow;

import io.gossippreflight.analyzer.packet.Packet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One direction of a TCP connection at one capture point: handshake options, the byte ranges
 * seen (relative sequence numbers, 64-bit, unwrapped), retransmissions, what the peer
 * acknowledged, and the transmissions whose fate must be decided across capture points.
 *
 * <p>Unacknowledged transmissions wait in two rings (first transmissions, sorted by sequence;
 * retransmissions). When acknowledged, a clean first transmission is only counted; anything
 * involved in a retransmission becomes a {@link Transmission} record. Memory per direction is
 * bounded by the ring caps, not by the length of the capture.
 */
public final class TcpDirection {
    private static final int MAX_ID_DELTA = 64;

    final TcpFlow flow;
    final int index;
    private final Budget budget;

    // handshake
    boolean synSeen;
    int isn;
    long synTime = -1;
    int synCount;
    int mss = -1;
    int windowScale = -1;
    boolean sackPermitted;
    boolean timestamps;

    // sequence space
    private boolean based;
    private int refRaw;
    private long refRel;

    // observations
    long firstTime = -1;
    long lastTime;
    long packets;
    long dataPackets;
    long payloadBytes;
    long retransPackets;
    long retransBytes;
    long spuriousRetrans;
    long truncatedPackets;
    long superSegments;
    int maxIpLength;
    int maxWireIpLength;
    int ttlFirst = -1;
    int ttlMin = 256;
    int ttlMax = -1;
    int ipVersion;
    boolean fin;
    long finTime = -1;
    final IntervalSet seen;

    // acknowledgements from the peer
    long ackedTo = Long.MIN_VALUE;
    boolean acksSeen;
    final IntervalSet sacked = new IntervalSet(256);

    // pending transmissions
    private final TxRing fresh;
    private final TxRing resent;
    private int lastIpId = -1;
    private int lastSlot = -1;
    /** Payload per wire packet learned from resolved super-segments (0 = none seen). */
    private int learnedWirePayload;
    private boolean lastInFresh;
    long evicted;

    // delivered (clean, acknowledged)
    long cleanDelivered;
    int maxCleanWireIpLength;
    long cleanDeliveredBytes;

    private final List<Transmission> suspects = new ArrayList<>();
    long suspectsDropped;

    TcpDirection(TcpFlow flow, int index, int maxPending, int maxRanges, Budget budget) {
        this.flow = flow;
        this.index = index;
        this.budget = budget;
        this.fresh = new TxRing(maxPending);
        this.resent = new TxRing(Math.max(16, maxPending / 4));
        this.seen = new IntervalSet(maxRanges);
    }

    /** Shared cap on kept transmission records across all flows of one pass. */
    public static final class Budget {
        final long max;
        long used;

        public Budget(long max) {
            this.max = max;
        }
    }

    /** Relative sequence of a raw 32-bit sequence number in this direction's space. */
    long unwrap(int raw) {
        if (!based) {
            based = true;
            refRaw = raw;
            refRel = 0;
            return 0;
        }
        long rel = refRel + (raw - refRaw); // int subtraction: signed distance mod 2^32
        if (rel > refRel) {
            refRaw = raw;
            refRel = rel;
        }
        return rel;
    }

    void onSyn(Packet p, long time) {
        if (synSeen && p.seq != isn) {
            return; // a different ISN belongs to a new connection; FlowTable handles that
        }
        synSeen = true;
        synCount++;
        if (synTime < 0) {
            synTime = time;
        }
        isn = p.seq;
        if (!based) {
            based = true;
            refRaw = p.seq + 1;
            refRel = 0;
        }
        if (p.mss >= 0) {
            mss = p.mss;
        }
        if (p.windowScale >= 0) {
            windowScale = p.windowScale;
        }
        sackPermitted |= p.sackPermitted;
        timestamps |= p.hasTimestamp;
    }

    /** Records a packet this direction's sender sent (any flags, any payload). */
    void onPacket(Packet p, long time, TcpDirection peer) {
        packets++;
        if (firstTime < 0) {
            firstTime = time;
            ttlFirst = p.ttl;
            ipVersion = p.ipVersion;
        }
        lastTime = time;
        ttlMin = Math.min(ttlMin, p.ttl);
        ttlMax = Math.max(ttlMax, p.ttl);
        maxIpLength = Math.max(maxIpLength, p.ipTotalLength);
        if (p.truncated) {
            truncatedPackets++;
        }
        if (p.fin() && !fin) {
            fin = true;
            finTime = time;
        }
        resolveIdDelta(p);
        if (p.syn()) {
            onSyn(p, time);
        }
        long rel = unwrap(p.seq);
        if (p.syn()) {
            rel = 0;
        }
        if (p.payloadLength > 0 && !p.syn()) {
            onData(p, time, rel, peer);
        } else if (p.ipVersion == 4) {
            lastIpId = p.ipId;
            lastSlot = -1;
        }
        if (p.hasAck()) {
            peer.onAck(p.ack, p);
        }
    }

    /** A TSO/GRO super-segment shows as a jump in the sender's IPv4 ID counter to its next packet. */
    private void resolveIdDelta(Packet p) {
        int slot = lastSlot;
        lastSlot = -1;
        if (slot < 0) {
            return;
        }
        if (p.ipVersion == 4 && lastIpId > 0 && p.ipId > 0) {
            int delta = (p.ipId - lastIpId) & 0xffff;
            if (delta > 1 && delta <= MAX_ID_DELTA) {
                TxRing r = lastInFresh ? fresh : resent;
                int payload = (int) (r.end[slot] - r.start[slot]);
                if (payload >= delta * 64 && r.segs[slot] < delta) {
                    if (r.segs[slot] == 1) {
                        superSegments++;
                    }
                    r.segs[slot] = delta;
                    learnedWirePayload = Math.max(learnedWirePayload, (payload + delta - 1) / delta);
                }
            }
        }
        if (ackedTo > Long.MIN_VALUE) {
            drain(); // the held entry may already be acknowledged
        }
    }

    private void onData(Packet p, long time, long rel, TcpDirection peer) {
        int len = p.payloadLength;
        long end = rel + len;
        dataPackets++;
        payloadBytes += len;
        int hdr = p.l4Offset - p.ipOffset + p.tcpHeaderLength;
        int segs = 1;
        int limit = mssLimit(peer);
        if (limit > 0 && len > limit) {
            segs = (len + limit - 1) / limit;
        }
        long added = seen.add(rel, end);
        int slot;
        boolean inFresh;
        if (added == len) {
            if (fresh.full()) {
                evictOldest(fresh);
            }
            slot = fresh.push(rel, end, time, p.ipTotalLength, p.ipVersion == 4 ? p.ipId : -1, hdr,
                    p.hasTimestamp ? p.tsVal : 0, 0);
            inFresh = true;
        } else {
            retransPackets++;
            retransBytes += len - added;
            if (end <= ackedTo) {
                spuriousRetrans++;
            }
            markRetransmitted(fresh, rel, end, true);
            markRetransmitted(resent, rel, end, false);
            if (resent.full()) {
                evictOldest(resent);
            }
            slot = resent.push(rel, end, time, p.ipTotalLength, p.ipVersion == 4 ? p.ipId : -1, hdr,
                    p.hasTimestamp ? p.tsVal : 0, TxRing.RETRANSMISSION);
            inFresh = false;
        }
        TxRing r = inFresh ? fresh : resent;
        r.segs[slot] = segs;
        if (segs > 1) {
            superSegments++;
        }
        if (p.ipVersion == 4) {
            lastIpId = p.ipId;
            lastSlot = slot;
            lastInFresh = inFresh;
        }
    }

    /** Payload above this is a super-segment: larger than either side lets onto its link. */
    private int mssLimit(TcpDirection peer) {
        int a = peer.mss;
        int b = mss;
        if (a <= 0 && b <= 0) {
            return -1;
        }
        if (a <= 0) {
            return b;
        }
        if (b <= 0) {
            return a;
        }
        return Math.min(a, b);
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

    void onAck(int rawAck, Packet p) {
        long rel = unwrap(rawAck);
        acksSeen = true;
        if (p.sackCount > 0) {
            for (int i = 0; i < p.sackCount; i++) {
                long l = unwrap(p.sack[2 * i]);
                long r = unwrap(p.sack[2 * i + 1]);
                if (r > l && r - l < (1L << 31)) {
                    sacked.add(l, r);
                }
            }
        }
        if (rel <= ackedTo) {
            return;
        }
        ackedTo = rel;
        drain();
    }

    /**
     * Settles acknowledged transmissions. The sender's latest packet waits until its next one
     * shows the IP ID step (TSO/GRO detection).
     */
    private void drain() {
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
            Transmission t = r.toTransmission(at, Transmission.Outcome.ACKED);
            maxCleanWireIpLength = Math.max(maxCleanWireIpLength, t.wireIpLength());
            return;
        }
        Transmission.Outcome o = (r.flags[at] & TxRing.RETRANSMITTED) != 0 ? Transmission.Outcome.SUPERSEDED
                : acked ? Transmission.Outcome.ACKED : Transmission.Outcome.UNACKED;
        keep(r.toTransmission(at, o));
    }

    private void keep(Transmission t) {
        if (budget.used >= budget.max) {
            suspectsDropped++;
            return;
        }
        budget.used++;
        suspects.add(t);
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
    void finish() {
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

    // ---- read side

    public TcpFlow flow() {
        return flow;
    }

    /** {@link TcpFlow#C2S} or {@link TcpFlow#S2C}. */
    public int index() {
        return index;
    }

    public TcpDirection peer() {
        return flow.direction(1 - index);
    }

    public long senderHi() {
        return index == TcpFlow.C2S ? flow.clientHi : flow.serverHi;
    }

    public long senderLo() {
        return index == TcpFlow.C2S ? flow.clientLo : flow.serverLo;
    }

    public long receiverHi() {
        return index == TcpFlow.C2S ? flow.serverHi : flow.clientHi;
    }

    public long receiverLo() {
        return index == TcpFlow.C2S ? flow.serverLo : flow.clientLo;
    }

    public int senderPort() {
        return index == TcpFlow.C2S ? flow.clientPort : flow.serverPort;
    }

    public int receiverPort() {
        return index == TcpFlow.C2S ? flow.serverPort : flow.clientPort;
    }

    public boolean synSeen() {
        return synSeen;
    }

    public int isn() {
        return isn;
    }

    public long synTime() {
        return synTime;
    }

    public int synCount() {
        return synCount;
    }

    public int mss() {
        return mss;
    }

    public int windowScale() {
        return windowScale;
    }

    public boolean sackPermitted() {
        return sackPermitted;
    }

    public boolean timestamps() {
        return timestamps;
    }

    public long firstTime() {
        return firstTime;
    }

    public long lastTime() {
        return lastTime;
    }

    public long packets() {
        return packets;
    }

    public long dataPackets() {
        return dataPackets;
    }

    public long payloadBytes() {
        return payloadBytes;
    }

    public long retransPackets() {
        return retransPackets;
    }

    public long retransBytes() {
        return retransBytes;
    }

    public long spuriousRetrans() {
        return spuriousRetrans;
    }

    public long truncatedPackets() {
        return truncatedPackets;
    }

    public long superSegments() {
        return superSegments;
    }

    public int maxIpLength() {
        return maxIpLength;
    }

    /** Largest IP packet that was a single wire packet (super-segments excluded). */
    public int maxWireIpLength() {
        return maxWireIpLength;
    }

    public int ttlFirst() {
        return ttlFirst;
    }

    public int ttlMin() {
        return ttlMin;
    }

    public int ttlMax() {
        return ttlMax;
    }

    public int ipVersion() {
        return ipVersion;
    }

    public boolean finSeen() {
        return fin;
    }

    public long finTime() {
        return finTime;
    }

    /** Byte ranges (relative sequence) seen at this point. */
    public IntervalSet seen() {
        return seen;
    }

    /** Highest relative sequence the peer acknowledged here, or Long.MIN_VALUE. */
    public long ackedTo() {
        return ackedTo;
    }

    public boolean acksSeen() {
        return acksSeen;
    }

    public IntervalSet sacked() {
        return sacked;
    }

    public long cleanDelivered() {
        return cleanDelivered;
    }

    public long cleanDeliveredBytes() {
        return cleanDeliveredBytes;
    }

    /** Largest wire packet (IP bytes) acknowledged at its first and only transmission. */
    public int maxCleanWireIpLength() {
        return maxCleanWireIpLength;
    }

    public long evicted() {
        return evicted;
    }

    public List<Transmission> suspects() {
        return Collections.unmodifiableList(suspects);
    }

    public long suspectsDropped() {
        return suspectsDropped;
    }

    /** The raw 32-bit sequence number of a relative one. */
    public int raw(long rel) {
        return (int) (refRaw + (rel - refRel));
    }

    /** Relative sequence of a raw sequence number, without moving the reference (read side). */
    public long relative(int raw) {
        if (!based) {
            return Long.MIN_VALUE;
        }
        return refRel + (raw - refRaw);
    }

    @Override
    public String toString() {
        return (index == TcpFlow.C2S ? flow.client() + " > " + flow.server() : flow.server() + " > " + flow.client());
    }
}
