package io.gossippreflight.analyzer.flow;

import io.gossippreflight.analyzer.packet.Packet;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP connections of one capture pass, found by an open-addressing hash on the address/port
 * 4-tuple plus the capture point. A SYN with a new ISN on a known 4-tuple starts a new
 * connection; the old one is kept in {@link #all()}.
 */
public final class FlowTable {
    private final int maxFlows;
    private final int maxPending;
    private final int maxRanges;
    private final TcpDirection.Budget budget;
    private TcpFlow[] slots = new TcpFlow[1024];
    private int live;
    private final List<TcpFlow> all = new ArrayList<>();
    private long untracked;

    public FlowTable(int maxFlows, int maxPending, int maxRanges, long maxKeptTransmissions) {
        this.maxFlows = maxFlows;
        this.maxPending = maxPending;
        this.maxRanges = maxRanges;
        this.budget = new TcpDirection.Budget(maxKeptTransmissions);
    }

    public FlowTable() {
        this(100_000, 1 << 14, 4096, 500_000);
    }

    /** Every connection seen, in order of first packet. */
    public List<TcpFlow> all() {
        return all;
    }

    /** Packets of connections beyond the flow cap. */
    public long untracked() {
        return untracked;
    }

    /** Feeds one decoded TCP packet; returns its connection (null when over the cap). */
    public TcpFlow onTcp(Packet p, int point, long time) {
        int h = hash(p, point);
        int mask = slots.length - 1;
        int i = h & mask;
        TcpFlow f;
        while ((f = slots[i]) != null) {
            if (f.hash == h && f.matches(p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, point)) {
                break;
            }
            i = (i + 1) & mask;
        }
        if (f != null && p.syn() && !p.hasAck() && isNewConnection(f, p)) {
            f = null; // replace in place: same slot, the old flow stays in all
        }
        if (f == null) {
            if (all.size() >= maxFlows) {
                untracked++;
                return null;
            }
            f = create(p, point, h);
            f.firstTime = time;
            boolean newSlot = slots[i] == null;
            slots[i] = f;
            if (newSlot && ++live * 2 > slots.length) {
                rehash();
            }
        }
        int d = f.directionFrom(p.srcHi, p.srcLo, p.srcPort);
        if (p.rst() && !f.reset) {
            f.reset = true;
            f.resetBy = d;
            f.resetTime = time;
        }
        f.lastTime = time;
        f.direction(d).onPacket(p, time, f.direction(1 - d));
        return f;
    }

    private static boolean isNewConnection(TcpFlow f, Packet p) {
        TcpDirection c = f.direction(f.directionFrom(p.srcHi, p.srcLo, p.srcPort));
        return c.synSeen() && c.isn() != p.seq || c.dataPackets() > 0 && !c.synSeen()
                || f.reset || c.finSeen();
    }

    private TcpFlow create(Packet p, int point, int h) {
        boolean srcIsClient;
        boolean fromHandshake = true;
        if (p.syn()) {
            srcIsClient = !p.hasAck();
        } else {
            fromHandshake = false;
            // no handshake in the capture: the lower (well-known) port is the server
            srcIsClient = p.srcPort > p.dstPort || p.srcPort == p.dstPort && p.srcLo > p.dstLo;
        }
        TcpFlow f = srcIsClient
                ? new TcpFlow(all.size(), p.srcHi, p.srcLo, p.srcPort, p.dstHi, p.dstLo, p.dstPort, point, h, maxPending,
                        maxRanges, budget)
                : new TcpFlow(all.size(), p.dstHi, p.dstLo, p.dstPort, p.srcHi, p.srcLo, p.srcPort, point, h, maxPending,
                        maxRanges, budget);
        f.rolesFromHandshake = fromHandshake;
        all.add(f);
        return f;
    }

    /** Ends the pass: settles every pending transmission. */
    public void finish() {
        for (TcpFlow f : all) {
            f.direction(TcpFlow.C2S).finish();
            f.direction(TcpFlow.S2C).finish();
        }
    }

    private void rehash() {
        TcpFlow[] old = slots;
        slots = new TcpFlow[old.length * 2];
        int mask = slots.length - 1;
        for (TcpFlow f : old) {
            if (f == null) {
                continue;
            }
            int i = f.hash & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = f;
        }
    }

    /** Symmetric in source and destination, so both directions land on one slot. */
    static int hash(Packet p, int point) {
        long x = (p.srcHi ^ p.dstHi) * 0x9E3779B97F4A7C15L;
        x ^= (p.srcLo ^ p.dstLo) * 0xC2B2AE3D27D4EB4FL;
        x ^= ((long) (p.srcPort ^ p.dstPort) << 32 | (p.srcPort + p.dstPort)) * 0x165667B19E3779F9L;
        x ^= point * 0x27D4EB2F165667C5L;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        x ^= x >>> 32;
        return (int) x;
    }
}
