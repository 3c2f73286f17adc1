package io.gossippreflight.analyzer.diagnose;

import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.path.Connection;
import io.gossippreflight.analyzer.path.HostDirection;
import io.gossippreflight.analyzer.path.PathModel;
import io.gossippreflight.analyzer.path.SegmentFate;
import io.gossippreflight.analyzer.path.SegmentFates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gathers the {@link DirectionFacts} of one host-to-host direction from every connection and point. */
final class FactCollector {
    private FactCollector() {
    }

    /** @param fates, icmp only those about {@code hd} */
    static DirectionFacts collect(PathModel model, Places places, HostDirection hd, List<SegmentFate> fates,
            List<IcmpFinding> icmp, Pings.Index pings, int defaultPort) {
        List<Integer> order = model.order(hd);
        DirectionFacts f = new DirectionFacts(hd.src(), hd.dst(), places.host(hd.src()), places.host(hd.dst()),
                hd.ipVersion());
        f.port = defaultPort;
        if (!order.isEmpty()) {
            f.firstPoint = places.point(order.get(0));
            f.firstPointHops = Math.max(0, model.hops(hd, order.get(0)));
        }
        Map<Long, IntervalSet> undelivered = new HashMap<>();
        for (PathModel.ConnectionDirection cd : model.connectionsOf(hd)) {
            Connection c = cd.connection();
            int d = cd.d();
            List<TcpDirection> dirs = c.at(order, d);
            if (dirs.isEmpty()) {
                continue;
            }
            f.connections++;
            TcpDirection first = dirs.get(0);
            f.dataPackets += first.dataPackets();
            f.retransPackets += first.retransPackets();
            f.superSegments += first.superSegments();
            f.largestDelivered = Math.max(f.largestDelivered, first.maxCleanWireIpLength());
            IntervalSet missing = SegmentFates.undelivered(model, c, d);
            undelivered.put(key(c, d), missing);
            f.undeliveredBytes += missing.totalBytes();
            if (d == TcpFlow.C2S) {
                if (c.any().serverPort() > 0) {
                    f.port = c.any().serverPort();
                }
                handshake(f, model, c, dirs);
            }
        }
        for (SegmentFate s : fates) {
            if (s.kind() == SegmentFate.Kind.DELIVERED && !s.transmission().superSegment()) {
                f.largestDelivered = Math.max(f.largestDelivered, s.transmission().wireIpLength());
            } else if (s.lost()) {
                IntervalSet missing = undelivered.get(key(s.connection(), s.direction()));
                boolean never = missing != null && missing.intersects(s.transmission().start(), s.transmission().end());
                f.lost.add(lostPacket(model, places, order, s.transmission().wireIpLength(), s.transmission().timeNanos(),
                        s.firstPoint(), s.lastSeen(), s.nextPoint(), s.kind() == SegmentFate.Kind.DIED, "segment", never));
            } else if (s.kind() == SegmentFate.Kind.UNKNOWN) {
                f.inFlight.add(s.transmission().wireIpLength());
            }
        }
        for (IcmpFinding i : icmp) {
            f.icmp.add(icmpFact(model, places, i));
        }
        Pings.collect(model, places, hd, order, f, pings);
        // nothing bigger than an MTU a router reported crossed that router: bigger packets seen delivered
        // were super-segments the sender's NIC split (IPv6 has no IP ID to show it)
        f.largestDelivered = Math.min(f.largestDelivered, f.icmpMtu());
        for (LostPacket s : f.lost) {
            if (s.died()) {
                f.routerGuess = "the router at " + s.lastCapture();
                break;
            }
        }
        return f;
    }

    private static long key(Connection c, int d) {
        return (long) c.id() << 1 | d;
    }

    /** A lost packet with its places named. */
    static LostPacket lostPacket(PathModel model, Places places, List<Integer> order, int ipLength, long time,
            int firstPoint, int lastSeen, int nextPoint, boolean died, String what, boolean neverDelivered) {
        String where = died ? places.between(order, lastSeen, nextPoint)
                : "somewhere beyond " + places.point(firstPoint)
                        + (what.equals("ping") ? " (never answered)" : " (never acknowledged)");
        String[] caps = died ? places.betweenCaptures(order, lastSeen, nextPoint) : new String[] {null, null};
        return new LostPacket(ipLength, time, where, places.point(lastSeen), model.point(lastSeen).capture(), caps[1],
                died, what, neverDelivered);
    }

    private static IcmpFact icmpFact(PathModel model, Places places, IcmpFinding i) {
        List<String> seen = new ArrayList<>();
        for (int p : i.seenAt()) {
            seen.add(places.point(p));
        }
        String lost = Boolean.FALSE.equals(i.reachedSender()) ? places.icmpLost(i, places.host(i.about().src())) : null;
        return new IcmpFact(places.host(i.router()), i.event().ipVersion(), i.mtu(), i.mtuFromPlateau(),
                i.event().quotedTotalLength(), i.event().timeNanos(), seen, i.reachedSender(), i.senderReacted(),
                i.learnedMss(), i.quoted() == null ? null : i.quoted().start(), lost);
    }

    /**
     * Linux's first SYN retransmission timeout (TCP_TIMEOUT_INIT, 1 s): an attempt whose first SYN left
     * less than this before its capture ended may still have been answered after it.
     */
    static final long SYN_RTO_NANOS = 1_000_000_000L;

    private static void handshake(DirectionFacts f, PathModel model, Connection c, List<TcpDirection> dirs) {
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
                f.firstRefusal = f.firstRefusal == null ? x.flow().resetTime() : Math.min(f.firstRefusal, x.flow().resetTime());
            }
        }
        if (answered) {
            f.answered++;
        } else if (refused) {
            f.refused++;
        } else if (model.pointEnd(first.flow().point()) - first.synTime() < SYN_RTO_NANOS) {
            f.synPending++; // the capture ended before the SYN's retransmission timer: in flight, not unanswered
        } else {
            f.unanswered++;
        }
        TcpDirection last = dirs.get(dirs.size() - 1);
        if (dirs.size() > 1 && last.synSeen() && first.mss() > 0 && last.mss() > 0 && last.mss() != first.mss()) {
            f.mssRewrites.add(new int[] {first.mss(), last.mss()});
        }
    }
}
