package io.gossippreflight.analyzer.flow;

import io.gossippreflight.analyzer.packet.Packet;
import java.util.List;

/**
 * One direction of a TCP connection at one capture point: handshake options, the byte ranges
 * seen (relative sequence numbers, 64-bit, unwrapped), retransmissions, what the peer
 * acknowledged, and the transmissions whose fate must be decided across capture points.
 *
 * <p>Unacknowledged transmissions wait in {@link PendingCopies}; memory per direction is
 * bounded by its ring caps, not by the length of the capture.
 */
public final class TcpDirection {
    final TcpFlow flow;
    final int index;

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
    int maxIpLength;
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

    private final PendingCopies pending;

    TcpDirection(TcpFlow flow, int index, int maxPending, int maxRanges, Budget budget) {
        this.flow = flow;
        this.index = index;
        this.pending = new PendingCopies(maxPending, budget);
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
        pending.beforePacket(p, ackedTo);
        if (p.syn()) {
            onSyn(p, time);
        }
        long rel = unwrap(p.seq);
        if (p.syn()) {
            rel = 0;
        }
        if (p.payloadLength > 0 && !p.syn()) {
            onData(p, time, rel, peer);
        } else {
            pending.control(p);
        }
        if (p.hasAck()) {
            peer.onAck(p.ack, p);
        }
    }

    private void onData(Packet p, long time, long rel, TcpDirection peer) {
        int len = p.payloadLength;
        long end = rel + len;
        dataPackets++;
        payloadBytes += len;
        int segs = 1;
        int limit = mssLimit(peer);
        if (limit > 0 && len > limit) {
            segs = (len + limit - 1) / limit;
        }
        long added = seen.add(rel, end);
        if (added != len) {
            retransPackets++;
            retransBytes += len - added;
            if (end <= ackedTo) {
                spuriousRetrans++;
            }
        }
        pending.data(p, time, rel, end, added == len, segs);
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
        pending.drain(ackedTo);
    }

    /** End of the capture: whatever is still pending is settled as SACKed or unacknowledged. */
    void finish() {
        pending.finish(ackedTo, sacked);
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
        return pending.superSegments;
    }

    public int maxIpLength() {
        return maxIpLength;
    }

    /** Largest IP packet that was a single wire packet (super-segments excluded). */
    public int maxWireIpLength() {
        return pending.maxWireIpLength;
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
        return pending.cleanDelivered;
    }

    public long cleanDeliveredBytes() {
        return pending.cleanDeliveredBytes;
    }

    /** Largest wire packet (IP bytes) acknowledged at its first and only transmission. */
    public int maxCleanWireIpLength() {
        return pending.maxCleanWireIpLength;
    }

    public long evicted() {
        return pending.evicted;
    }

    /** Transmissions whose fate is in question: retransmitted, retransmissions, never acknowledged. */
    public List<Transmission> suspects() {
        return pending.kept();
    }

    public long suspectsDropped() {
        return pending.keptDropped;
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
