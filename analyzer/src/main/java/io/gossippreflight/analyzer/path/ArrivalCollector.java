package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.flow.IntervalSet;
import io.gossippreflight.analyzer.flow.TcpDirection;
import io.gossippreflight.analyzer.packet.Packet;
import io.gossippreflight.analyzer.pass.TcpPayloadListener;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Second-pass listener: records, at downstream points, the packets that carried byte ranges
 * whose fate is in question, so each transmission can be matched exactly (IP ID, time).
 * Bounded by a total cap.
 */
public final class ArrivalCollector implements TcpPayloadListener {
    /** One packet that carried (part of) a queried range. */
    public record Arrival(long start, long end, long timeNanos, int ipId, int ipLength) {
    }

    private final Map<Long, IntervalSet> queries;
    private final Map<Long, List<Arrival>> arrivals = new HashMap<>();
    private final long max;
    private long count;

    public ArrivalCollector(Map<Long, IntervalSet> queries, long max) {
        this.queries = queries;
        this.max = max;
    }

    public static long key(int point, long flowSerial, int directionIndex) {
        return ((long) point << 40) | (flowSerial << 1) | directionIndex;
    }

    @Override
    public void onPayload(TcpDirection d, long relStart, Packet p, ByteBuffer data, long timeNanos) {
        long k = key(d.flow().point(), d.flow().serial(), d.index());
        IntervalSet q = queries.get(k);
        if (q == null || count >= max || !q.intersects(relStart, relStart + p.payloadLength)) {
            return;
        }
        count++;
        arrivals.computeIfAbsent(k, x -> new ArrayList<>()).add(new Arrival(relStart, relStart + p.payloadLength,
                timeNanos, p.ipVersion == 4 ? p.ipId : -1, p.ipTotalLength));
    }

    /** Arrivals for one flow direction at one point (empty when none). */
    public List<Arrival> arrivals(TcpDirection d) {
        return arrivals.getOrDefault(key(d.flow().point(), d.flow().serial(), d.index()), List.of());
    }

    /** Arrivals counted so far. */
    public long count() {
        return count;
    }

    /**
     * Adds what another collector found at other points (the second pass over several captures
     * at once). Only exact while the total stays under the cap: the caller checks {@link #count()}.
     */
    public void absorb(ArrivalCollector other) {
        arrivals.putAll(other.arrivals);
        count += other.count;
    }

    public boolean truncated() {
        return count >= max;
    }
}
