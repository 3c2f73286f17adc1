package io.gossippreflight.cli.render;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.verdict.PathVerdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code preflight probe check --html FILE}: one self-contained page per check: per target the
 * verdicts with their evidence and fixes, the messages this cluster needs, and per direction
 * the ladder and bisection as a chart (size tried against probe order: crossed, late, lost;
 * the MTU line) and a table (repeats folded) with each probe's time to cross.
 */
public final class ProbeHtmlRenderer {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    public String render(List<TargetReport> reports, String tool, int exitCode, Instant started) {
        StringBuilder sb = new StringBuilder(64 * 1024);
        boolean passed = reports.stream().allMatch(TargetReport::passed);
        Html.open(sb, "preflight probe check: " + (passed ? "PASS" : "FAIL"));
        sb.append("<h1>preflight probe check</h1>\n<p><span class=\"result ").append(passed ? "pass" : "fail").append("\">")
                .append(passed ? "PASS" : "FAIL").append("</span> <span class=\"muted\">exit ").append(exitCode)
                .append(started == null ? "" : " &middot; checked " + WHEN.format(started) + " UTC").append(" &middot; ")
                .append(Html.esc(tool)).append("</span></p>\n");
        for (TargetReport r : reports) {
            target(sb, r);
        }
        Html.close(sb);
        return sb.toString();
    }

    private static void target(StringBuilder sb, TargetReport r) {
        sb.append("<h2 class=\"target\" data-target=\"").append(Html.esc(r.target())).append("\">").append(Html.esc(r.target()))
                .append(": ").append(r.passed() ? "PASS" : "FAIL").append("</h2>\n<p class=\"muted\">")
                .append(r.kind() == TargetKind.RESPONDER ? "our responder" : "a real node")
                .append(r.messagingVersion() == null ? "" : ", messaging version " + r.messagingVersion())
                .append(r.rttMillis() == null ? "" : String.format(Locale.ROOT, ", rtt %.2f ms", r.rttMillis())).append(", from ")
                .append(Html.esc(r.local())).append(String.format(Locale.ROOT, "; the check took %.1f s", r.elapsedMillis() / 1000.0))
                .append("</p>\n");
        for (Direction d : Direction.values()) {
            PathVerdict v = d == Direction.OUTBOUND ? r.outbound() : r.inbound();
            StringBuilder extra = new StringBuilder("<ul class=\"findings\">\n");
            for (Fold.Folded f : Fold.evidence(v.evidence())) {
                extra.append("<li data-kind=\"").append(f.kind().name()).append("\">").append(Html.esc(f.text()))
                        .append(f.count() > 1 ? " <span class=\"count\">(" + f.count() + " times)</span>" : "").append("</li>\n");
            }
            for (ProbeDigest.Phase p : ProbeDigest.phases(r, d)) {
                extra.append("<li data-kind=\"PHASE\">").append(Html.esc(p.text())).append("</li>\n");
            }
            extra.append("</ul>\n");
            sb.append("<div class=\"muted small\">").append(Html.esc(d.arrow())).append("</div>\n");
            Html.verdict(sb, v, Function.identity(), extra.toString());
        }
        if (r.needs() != null) {
            ClusterNeeds n = r.needs();
            sb.append("<h3>Messages this cluster needs</h3>\n<p class=\"small muted\">").append(Html.esc(n.source())).append(": ")
                    .append(n.endpoints()).append(" endpoint").append(n.endpoints() == 1 ? "" : "s").append(" x ")
                    .append(n.tokens()).append(" tokens</p>\n<table class=\"needs\"><tr><th>direction</th><th>message</th>")
                    .append("<th>bytes</th><th>largest packet</th><th></th></tr>\n");
            for (ClusterNeeds.Needed x : n.messages()) {
                sb.append("<tr data-crosses=\"").append(x.crosses()).append("\"><td>").append(Html.esc(x.direction().arrow()))
                        .append("</td><td>").append(Html.esc(x.name())).append("</td><td class=\"num\">")
                        .append(String.format("%,d", x.bytes())).append("</td><td class=\"num\">")
                        .append(String.format("%,d", x.largestPacket())).append("</td><td>")
                        .append(x.crosses() ? "crosses" : "<b>CANNOT CROSS</b>").append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        for (Direction d : Direction.values()) {
            PathVerdict v = d == Direction.OUTBOUND ? r.outbound() : r.inbound();
            List<ProbeRecord> ps = ProbeDigest.of(r, d);
            sb.append("<h3>Ladder and bisection, ").append(Html.esc(d.arrow())).append("</h3>\n");
            if (ps.isEmpty()) {
                sb.append("<p class=\"muted\">No probes went this way.</p>\n");
                continue;
            }
            List<SizeChartSvg.Mark> marks = new ArrayList<>();
            for (int i = 0; i < ps.size(); i++) {
                ProbeRecord p = ps.get(i);
                if (p.outcome() == ProbeOutcome.NOT_SENT) {
                    continue;
                }
                String outcome = p.outcome() == ProbeOutcome.LOST ? "lost" : p.outcome() == ProbeOutcome.CROSSED_LATE ? "late" : "sent";
                marks.add(new SizeChartSvg.Mark(i + 1, p.ipSize(), outcome, String.format(Locale.ROOT,
                        "#%d %s %s %,d B, IP %,d B: %s after %.1f ms", i + 1, ProbeDigest.name(p.kind()), p.message(),
                        p.messageBytes(), p.ipSize(), p.outcome().name().toLowerCase(Locale.ROOT), p.elapsed().toNanos() / 1e6)));
            }
            List<SizeChartSvg.Need> needs = new ArrayList<>();
            if (r.needs() != null) {
                for (ClusterNeeds.Needed x : r.needs().messages()) {
                    if (x.direction() == d) {
                        needs.add(new SizeChartSvg.Need(x.name() + String.format(" (%,d B)", x.bytes()), x.largestPacket(), x.crosses()));
                    }
                }
            }
            sb.append(SizeChartSvg.render("probechart", v.from(), v.to(), marks, 0, ps.size() + 1,
                    "probes in the order sent (dot: crossed, orange: late, cross: lost)", v.mtu(), needs,
                    x -> String.valueOf(Math.round(x))));
            table(sb, ps);
        }
        if (!r.notes().isEmpty()) {
            sb.append("<h3>Notes</h3><ul>");
            r.notes().stream().distinct().forEach(n -> sb.append("<li>").append(Html.esc(n)).append("</li>"));
            sb.append("</ul>\n");
        }
    }

    /** The probes of a direction, consecutive repeats (same phase, size and outcome) folded. */
    private static void table(StringBuilder sb, List<ProbeRecord> ps) {
        sb.append("<table class=\"probes\"><tr><th>#</th><th>phase</th><th>message</th><th>IP size</th><th>outcome</th>")
                .append("<th>time to cross / give up</th></tr>\n");
        int i = 0;
        while (i < ps.size()) {
            ProbeRecord p = ps.get(i);
            int j = i + 1;
            while (j < ps.size() && ps.get(j).kind() == p.kind() && ps.get(j).ipSize() == p.ipSize()
                    && ps.get(j).outcome() == p.outcome() && ps.get(j).message().equals(p.message())) {
                j++;
            }
            double min = Double.MAX_VALUE;
            double max = 0;
            for (int k = i; k < j; k++) {
                double ms = ps.get(k).elapsed().toNanos() / 1e6;
                min = Math.min(min, ms);
                max = Math.max(max, ms);
            }
            sb.append("<tr data-outcome=\"").append(p.outcome().name()).append("\"><td>").append(j - i == 1 ? String.valueOf(i + 1)
                    : (i + 1) + "-" + j).append("</td><td>").append(ProbeDigest.name(p.kind())).append("</td><td>")
                    .append(Html.esc(p.message())).append(String.format(Locale.ROOT, " %,d B", p.messageBytes()))
                    .append(j - i > 1 ? " x " + (j - i) : "").append("</td><td class=\"num\">")
                    .append(String.format("%,d", p.ipSize())).append("</td><td>").append(p.outcome().name().toLowerCase(Locale.ROOT))
                    .append("</td><td class=\"num\">").append(ProbeDigest.ms(min)).append(max > min ? "-" + ProbeDigest.ms(max) : "")
                    .append(" ms</td></tr>\n");
            i = j;
        }
        sb.append("</table>\n");
    }
}
