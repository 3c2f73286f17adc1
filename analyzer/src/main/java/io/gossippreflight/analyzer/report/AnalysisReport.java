package io.gossippreflight.analyzer.report;

import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.List;

/**
 * The result of {@code preflight analyze}: verdicts first, then the detail behind them. Plain
 * values only, so renderers (text, JSON, HTML) never reach back into the analysis.
 *
 * @param sizes packets by size over time for the HTML size charts: a bounded sample of what each
 *              direction sent, and the copies that died
 */
public record AnalysisReport(List<PathVerdict> verdicts, List<CaptureSummary> captures, List<PointInfo> points,
        List<PathInfo> paths, List<ClockInfo> clocks, List<FlowInfo> flows, List<LossInfo> losses,
        List<IcmpInfo> icmp, List<MessageInfo> messages, List<String> gossipNotes, List<TimelineEvent> timeline,
        long timelineOmitted, List<String> warnings, List<SizePoint> sizes) {

    public AnalysisReport {
        sizes = sizes == null ? List.of() : List.copyOf(sizes);
    }

    /** A report without size samples. */
    public AnalysisReport(List<PathVerdict> verdicts, List<CaptureSummary> captures, List<PointInfo> points,
            List<PathInfo> paths, List<ClockInfo> clocks, List<FlowInfo> flows, List<LossInfo> losses,
            List<IcmpInfo> icmp, List<MessageInfo> messages, List<String> gossipNotes, List<TimelineEvent> timeline,
            long timelineOmitted, List<String> warnings) {
        this(verdicts, captures, points, paths, clocks, flows, losses, icmp, messages, gossipNotes, timeline,
                timelineOmitted, warnings, List.of());
    }

    /** Connections that opened with a TLS handshake (internode encryption), whose messages were not decoded. */
    public long tlsConnections() {
        return flows.stream().filter(FlowInfo::tls).count();
    }

    /** True when any direction has a problem (exit code 1). */
    public boolean problem() {
        return verdicts.stream().anyMatch(v -> v.status().isProblem());
    }

    /** The worst status, HEALTHY when there are no verdicts with problems or warnings. */
    public PathStatus worst() {
        PathStatus worst = PathStatus.HEALTHY;
        for (PathVerdict v : verdicts) {
            if (rank(v.status()) > rank(worst)) {
                worst = v.status();
            }
        }
        return worst;
    }

    private static int rank(PathStatus s) {
        if (s.isProblem()) {
            return 3;
        }
        if (s.isWarning()) {
            return 2;
        }
        return s == PathStatus.INCONCLUSIVE ? 1 : 0;
    }
}
