package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.path.Connection;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.analyzer.path.SegmentFate;
import java.util.ArrayList;
import java.util.List;

/** Everything known about one host-to-host direction, gathered from all connections and points. */
final class DirectionFacts {
    final HostDirection hd;
    final List<Integer> order;
    long dataPackets;
    long payloadBytes;
    long retransPackets;
    long superSegments;
    int connections;
    int largestDelivered;
    final List<LostPacket> lost = new ArrayList<>();
    final List<SegmentFate> unknown = new ArrayList<>();
    final List<IcmpFinding> icmp = new ArrayList<>();
    /** Connections this direction's sender opened towards the receiver. */
    int attempts;
    int answered;
    int refused;
    long firstRefusal = Long.MAX_VALUE;
    int unanswered;
    /** {mss at the sender side, mss at the receiver side} where a middlebox changed it. */
    final List<int[]> mssRewrites = new ArrayList<>();
    int serverPort = -1;
    int mssSeen = -1;
    long undeliveredBytes;
    /** Echo requests/replies sent this way. */
    int pings;

    DirectionFacts(HostDirection hd, List<Integer> order) {
        this.hd = hd;
        this.order = order;
    }

    /** @param fates, icmp only those about {@code hd} */
    static DirectionFacts collect(PathModel model, HostDirection hd, List<SegmentFate> fates, List<IcmpFinding> icmp,
            Pings.Index pings) {
        DirectionFacts f = new DirectionFacts(hd, model.order(hd));
        for (PathModel.ConnectionDirection cd : model.connectionsOf(hd)) {
            Connection c = cd.connection();
            int d = cd.d();
            {
                List<TcpDirection> dirs = c.at(f.order, d);
                if (dirs.isEmpty()) {
                    continue;
                }
                f.connections++;
                TcpDirection first = dirs.get(0);
                f.dataPackets += first.dataPackets();
                f.payloadBytes += first.payloadBytes();
                f.retransPackets += first.retransPackets();
                f.superSegments += first.superSegments();
                f.largestDelivered = Math.max(f.largestDelivered, first.maxCleanWireIpLength());
                f.undeliveredBytes += io.gossippreflight.analyzer.path.SegmentFates.undelivered(model, c, d).totalBytes();
                if (d == TcpFlow.C2S) {
                    f.serverPort = c.any().serverPort();
                    handshake(f, c, dirs);
                }
                if (first.synSeen() && first.mss() > 0) {
                    f.mssSeen = first.mss();
                }
            }
        }
        for (SegmentFate s : fates) {
            if (s.kind() == SegmentFate.Kind.DELIVERED && !s.transmission().superSegment()) {
                f.largestDelivered = Math.max(f.largestDelivered, s.transmission().wireIpLength());
            } else if (s.lost()) {
                f.lost.add(new LostPacket(s.transmission().wireIpLength(), s.transmission().timeNanos(), s.firstPoint(),
                        s.lastSeen(), s.nextPoint(), s.kind() == SegmentFate.Kind.DIED, "segment"));
            } else if (s.kind() == SegmentFate.Kind.UNKNOWN) {
                f.unknown.add(s);
            }
        }
        f.icmp.addAll(icmp);
        Pings.collect(model, f, pings);
        return f;
    }

    private static void handshake(DirectionFacts f, Connection c, List<TcpDirection> dirs) {
        TcpDirection first = dirs.get(0);
        if (!first.synSeen()) {
            return;
        }
        f.attempts++;
        boolean answered = false;
        boolean refused = false;
        for (TcpDirection x : dirs) {
            TcpDirection back = x.peer();
            answered |= back.synSeen();
            if (!back.synSeen() && x.flow().reset() && x.flow().resetBy() != x.index()) {
                refused = true;
                f.firstRefusal = Math.min(f.firstRefusal, x.flow().resetTime());
            }
        }
        if (answered) {
            f.answered++;
        } else if (refused) {
            f.refused++;
        } else {
            f.unanswered++;
        }
        TcpDirection last = dirs.get(dirs.size() - 1);
        if (dirs.size() > 1 && last.synSeen() && first.mss() > 0 && last.mss() > 0 && last.mss() != first.mss()) {
            f.mssRewrites.add(new int[] {first.mss(), last.mss()});
        }
    }

    /** A note when sender-side offload made packets larger than the wire allows. */
    String superSegmentsNote() {
        if (superSegments == 0) {
            return "";
        }
        return superSegments + " packet(s) larger than the path allows were TSO/GRO super-segments (the NIC split"
                + " them), not losses";
    }

    int smallestLost() {
        int m = Integer.MAX_VALUE;
        for (LostPacket s : bigLosses()) {
            m = Math.min(m, s.ipLength());
        }
        return m == Integer.MAX_VALUE ? -1 : m;
    }

    /** Small losses count as random loss from this share of data packets on (below: noise). */
    static final double LOSS_SHARE = 0.01;

    /** True when losses of packets no bigger than delivered ones are more than noise. */
    boolean significantSmallLoss() {
        int n = smallLosses().size();
        return n >= 2 && n >= LOSS_SHARE * Math.max(1, dataPackets + pings);
    }

    /** Lost copies larger than anything that crossed. */
    List<LostPacket> bigLosses() {
        List<LostPacket> out = new ArrayList<>();
        for (LostPacket s : lost) {
            if (largestDelivered <= 0 || s.ipLength() > largestDelivered) {
                out.add(s);
            }
        }
        return out;
    }

    /** Lost copies no larger than something that crossed: loss that is not about size. */
    List<LostPacket> smallLosses() {
        List<LostPacket> out = new ArrayList<>();
        for (LostPacket s : lost) {
            if (largestDelivered > 0 && s.ipLength() <= largestDelivered) {
                out.add(s);
            }
        }
        return out;
    }
}
