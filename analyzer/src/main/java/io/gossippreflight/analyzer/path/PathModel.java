package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.flow.TcpFlow;
import io.gossippreflight.analyzer.pass.CapturePoint;
import io.gossippreflight.analyzer.pass.EchoRecord;
import io.gossippreflight.analyzer.pass.PacketSampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capture points of an analysis arranged along the paths between hosts: connections
 * grouped across points, clock offsets, and for each host-to-host direction the order in which
 * its packets cross the points.
 */
public final class PathModel {
    private final List<CapturePoint> points;
    private final List<Connection> connections;
    private final ClockOffsets clocks;
    private final Map<HostDirection, List<Integer>> orders = new LinkedHashMap<>();
    private final Map<HostDirection, List<PathOrder.Sighting>> maxTtl = new HashMap<>();
    private final Map<Integer, Long> pointStarts;
    private final Map<Integer, Long> pointEnds;
    private final Map<Integer, PacketSampler> samples;
    private final Map<HostDirection, List<ConnectionDirection>> byDirection = new HashMap<>();

    /** One direction ({@code d}, 0 = client to server) of a connection. */
    public record ConnectionDirection(Connection connection, int d) {
    }

    public PathModel(List<CapturePoint> points, List<TcpFlow> flows, Map<Integer, PacketSampler> samples,
            List<String> givenOrder) {
        this(points, flows, List.of(), samples, givenOrder, Map.of(), Map.of());
    }

    /**
     * @param echoes      pings seen (they order points too, when a path carried only pings)
     * @param pointStarts when each point's capture began (its first packet)
     * @param pointEnds   when each point's capture ended (its last packet)
     */
    public PathModel(List<CapturePoint> points, List<TcpFlow> flows, List<EchoRecord> echoes,
            Map<Integer, PacketSampler> samples, List<String> givenOrder, Map<Integer, Long> pointStarts,
            Map<Integer, Long> pointEnds) {
        this.pointStarts = Map.copyOf(pointStarts);
        this.pointEnds = Map.copyOf(pointEnds);
        this.samples = Map.copyOf(samples);
        this.points = List.copyOf(points);
        this.connections = Connections.group(flows);
        this.clocks = new ClockOffsets(samples, (p, q) -> points.get(p).capture().equals(points.get(q).capture()));
        // small lists, not maps: a capture with many hosts has one of these per host pair
        Map<HostDirection, List<PathOrder.Sighting>> sightings = new LinkedHashMap<>();
        for (Connection c : connections) {
            for (TcpFlow f : c.sightings()) {
                for (int d = 0; d < 2; d++) {
                    TcpDirection dir = c.direction(f, d);
                    if (dir.packets() > 0) {
                        see(sightings, hostDirection(c, d), f.point(), dir.ttlMax(), dir.firstTime());
                    }
                }
            }
            for (int d = 0; d < 2; d++) {
                byDirection.computeIfAbsent(hostDirection(c, d), x -> new ArrayList<>(1)).add(new ConnectionDirection(c, d));
            }
        }
        for (EchoRecord r : echoes) {
            see(sightings, new HostDirection(r.srcHi(), r.srcLo(), r.dstHi(), r.dstLo()), r.point(), r.ttl(), r.firstTime());
        }
        for (Map.Entry<HostDirection, List<PathOrder.Sighting>> e : sightings.entrySet()) {
            HostDirection hd = e.getKey();
            List<PathOrder.Sighting> list = e.getValue();
            orders.put(hd, list.size() == 1 ? List.of(list.get(0).point())
                    : PathOrder.order(hd.srcKey(), hd.dstKey(), list, clocks, givenOrder));
            maxTtl.put(hd, list);
        }
    }

    private void see(Map<HostDirection, List<PathOrder.Sighting>> sightings, HostDirection hd, int point, int ttl,
            long time) {
        List<PathOrder.Sighting> list = sightings.computeIfAbsent(hd, x -> new ArrayList<>(2));
        for (int i = 0; i < list.size(); i++) {
            PathOrder.Sighting old = list.get(i);
            if (old.point() == point) {
                list.set(i, new PathOrder.Sighting(point, Math.max(ttl, old.maxTtl()), Math.min(time, old.firstTime()),
                        old.capture()));
                return;
            }
        }
        list.add(new PathOrder.Sighting(point, ttl, time, points.get(point).capture()));
    }

    /** The host direction of a connection's direction {@code d} (0: client to server). */
    public static HostDirection hostDirection(Connection c, int d) {
        TcpFlow f = c.any();
        return d == TcpFlow.C2S
                ? new HostDirection(f.clientHi(), f.clientLo(), f.serverHi(), f.serverLo())
                : new HostDirection(f.serverHi(), f.serverLo(), f.clientHi(), f.clientLo());
    }

    public List<CapturePoint> points() {
        return points;
    }

    public CapturePoint point(int i) {
        return points.get(i);
    }

    public List<Connection> connections() {
        return connections;
    }

    public ClockOffsets clocks() {
        return clocks;
    }

    /** The connection directions carrying traffic from hd's source to its destination. */
    public List<ConnectionDirection> connectionsOf(HostDirection hd) {
        return byDirection.getOrDefault(hd, List.of());
    }

    /** Every host direction with traffic, in order of appearance. */
    public List<HostDirection> directions() {
        return List.copyOf(orders.keySet());
    }

    /** Points from the sender towards the receiver (empty when the direction was never seen). */
    public List<Integer> order(HostDirection hd) {
        return orders.getOrDefault(hd, List.of());
    }

    /** Hops from the sender to a point (initial TTL minus the highest TTL seen there), or -1. */
    public int hops(HostDirection hd, int point) {
        List<PathOrder.Sighting> m = maxTtl.get(hd);
        if (m == null) {
            return -1;
        }
        int top = 0;
        int here = -1;
        for (PathOrder.Sighting s : m) {
            top = Math.max(top, s.maxTtl());
            if (s.point() == point) {
                here = s.maxTtl();
            }
        }
        return here < 0 ? -1 : PathOrder.initialTtl(top) - here;
    }

    /**
     * True when a point is the sender itself, or on its own link: its packets there still carry
     * their initial TTL. A router interface facing the sender qualifies too.
     */
    public boolean atSender(HostDirection hd, int point) {
        return hops(hd, point) == 0;
    }

    /** True when a point is at the receiver: the receiver's own packets there have no hops. */
    public boolean atReceiver(HostDirection hd, int point) {
        return hops(hd.reverse(), point) == 0;
    }

    /** Time of the last packet of the capture a point belongs to (its clock), or Long.MAX_VALUE. */
    public long pointEnd(int point) {
        return pointEnds.getOrDefault(point, Long.MAX_VALUE);
    }

    /** The packet sample kept at {@code point}, or null (the reports' size charts read it). */
    public PacketSampler sample(int point) {
        return samples.get(point);
    }

    /** Time of the first packet of the capture a point belongs to (its clock), or Long.MIN_VALUE. */
    public long pointStart(int point) {
        return pointStarts.getOrDefault(point, Long.MIN_VALUE);
    }

    /** Clock of {@code point} relative to the first point of the analysis, when known. */
    public long offsetToFirst(int point) {
        if (point == 0) {
            return 0;
        }
        ClockOffsets.Offset o = clocks.between(0, point);
        return o == null ? 0 : o.offsetNanos();
    }
}
