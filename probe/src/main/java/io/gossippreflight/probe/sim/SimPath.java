package io.gossippreflight.probe.sim;

import io.gossippreflight.time.SimScheduler;
import java.time.Duration;
import java.util.Random;

/**
 * Carries packets between our host and the target along a {@link PathSpec}, on the wire's
 * scheduler: a packet over a way's MTU is dropped at its hop (and, when that hop's ICMP gets
 * through, the sender's kernel learns the MTU one one-way delay later); a packet over the
 * receiver's interface MTU is dropped there silently; SYNs meet the MSS clamp and the firewall;
 * then loss, then delay with jitter. Each way keeps its packets in order, as one queue does.
 */
final class SimPath {
    private final PathSpec spec;
    private final Random random;
    private final SimScheduler wire;
    private final SimHost us;
    private final SimHost target;
    /** When the last packet each way arrives (0: us → target), so jitter never reorders. */
    private final long[] lastArrival = new long[2];
    private long dropped;

    SimPath(PathSpec spec, Random random, SimScheduler wire, SimHost us, SimHost target) {
        this.spec = spec;
        this.random = random;
        this.wire = wire;
        this.us = us;
        this.target = target;
    }

    /** Packets lost so far (loss, MTU, firewall), for tests. */
    long dropped() {
        return dropped;
    }

    void send(SimHost from, Packet p) {
        boolean outbound = from == us;
        PathSpec.Way w = outbound ? spec.out() : spec.in();
        SimHost to = outbound ? target : us;
        if (p.ipSize() > w.mtu()) {
            dropped++;
            if (w.icmp() && !lost(outbound ? spec.in() : spec.out())) {
                int mtu = w.mtu();
                Packet tooBig = p;
                wire.schedule(w.oneWay(), () -> from.icmpTooBig(tooBig, mtu));
            }
            return;
        }
        if (p.ipSize() > to.interfaceMtu()) {
            dropped++; // a receiver's NIC drops a frame above its MTU without a word
            return;
        }
        if (p instanceof Packet.Segment s && s.has(Packet.Segment.SYN) && !s.has(Packet.Segment.ACK)
                && w.blocksConnections()) {
            dropped++;
            return;
        }
        if (p instanceof Packet.Segment s && s.has(Packet.Segment.SYN) && w.mssClamp() > 0 && s.mss() > w.mssClamp()) {
            p = s.withMss(w.mssClamp());
        }
        boolean control = p instanceof Packet.Segment s && (s.has(Packet.Segment.FIN) || s.has(Packet.Segment.RST));
        if (!control && lost(w)) { // closing is modelled as reliable: a FIN or RST is never lost
            dropped++;
            return;
        }
        int i = outbound ? 0 : 1;
        long now = wire.clock().nanoTime();
        long arrival = Math.max(now + delay(w), lastArrival[i]);
        lastArrival[i] = arrival;
        Packet delivered = p;
        wire.schedule(Duration.ofNanos(arrival - now), () -> to.receive(delivered));
    }

    private boolean lost(PathSpec.Way w) {
        return w.loss() > 0 && random.nextDouble() < w.loss();
    }

    private long delay(PathSpec.Way w) {
        long d = w.oneWay().toNanos();
        long j = w.jitter().toNanos();
        return j == 0 ? d : d - j + (long) (random.nextDouble() * 2 * j);
    }
}
