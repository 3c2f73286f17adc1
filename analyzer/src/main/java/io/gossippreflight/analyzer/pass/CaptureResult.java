package io.gossippreflight.analyzer.pass;

import io.gossippreflight.analyzer.flow.TcpFlow;
import java.util.List;
import java.util.Map;

/** Everything one pass over one capture produced, per capture point. */
public record CaptureResult(CaptureSummary summary, List<Integer> points, List<TcpFlow> flows,
        List<IcmpEvent> icmp, long icmpDropped, List<EchoRecord> echoes, Map<Integer, PacketSampler> samples) {
}
