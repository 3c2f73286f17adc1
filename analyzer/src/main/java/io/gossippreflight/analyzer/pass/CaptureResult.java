package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.flow.TcpFlow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Everything one pass over one capture produced, per capture point. */
public record CaptureResult(CaptureSummary summary, List<Integer> points, List<TcpFlow> flows,
        List<IcmpEvent> icmp, long icmpDropped, List<EchoRecord> echoes, Map<Integer, PacketSampler> samples) {

    /**
     * Renumbers the points of a pass that ran with its own {@link PointRegistry} (numbered from 0)
     * to {@code base + n}, as if it had used the analysis' registry after the captures before it.
     * Flows and pings are moved in place.
     */
    public CaptureResult shiftPoints(int base) {
        if (base == 0) {
            return this;
        }
        for (TcpFlow f : flows) {
            f.shiftPoint(base);
        }
        for (EchoRecord e : echoes) {
            e.point += base;
        }
        List<IcmpEvent> movedIcmp = new ArrayList<>(icmp.size());
        for (IcmpEvent e : icmp) {
            movedIcmp.add(e.shiftPoint(base));
        }
        List<Integer> movedPoints = new ArrayList<>(points.size());
        for (int p : points) {
            movedPoints.add(p + base);
        }
        Map<Integer, PacketSampler> movedSamples = new HashMap<>();
        for (Map.Entry<Integer, PacketSampler> e : samples.entrySet()) {
            movedSamples.put(e.getKey() + base, e.getValue());
        }
        return new CaptureResult(summary, List.copyOf(movedPoints), flows, List.copyOf(movedIcmp), icmpDropped, echoes,
                Map.copyOf(movedSamples));
    }
}
