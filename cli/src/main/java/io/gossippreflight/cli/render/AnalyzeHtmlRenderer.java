package io.gossippreflight.cli.render;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.SizePoint;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code preflight analyze --html FILE}: one self-contained page (inline CSS and SVG, a few lines
 * of script for the copy buttons, nothing fetched): the verdicts and fixes, a ladder diagram
 * across the capture points, a size chart per direction, the evidence, the captures with their
 * clocks, and the folded detail.
 */
public final class AnalyzeHtmlRenderer {
    /** Message sizes drawn per chart at most. */
    static final int MAX_NEEDS = 4;

    public String render(AnalyzeDigest d, String tool, int exitCode) {
        AnalysisReport r = d.report();
        StringBuilder sb = new StringBuilder(64 * 1024);
        Html.open(sb, "preflight analyze: " + VerdictTextRenderer.headline(r.worst()));
        String cls = r.problem() ? "fail" : r.worst().isWarning() ? "warn" : "pass";
        sb.append("<h1>preflight analyze</h1>\n<p><span class=\"result ").append(cls).append("\">")
                .append(Html.esc(VerdictTextRenderer.headline(r.worst()))).append("</span> <span class=\"muted\">exit ")
                .append(exitCode).append(" &middot; ").append(Html.esc(r.captures().stream().map(CaptureSummary::name)
                        .collect(Collectors.joining(", ")))).append(" &middot; ").append(Html.esc(d.times().legend()))
                .append(" &middot; ").append(Html.esc(tool)).append("</span></p>\n");

        sb.append("<h2 id=\"verdicts\">Verdicts</h2>\n");
        if (r.verdicts().isEmpty()) {
            sb.append("<p>No TCP connections to judge.</p>\n");
        }
        for (PathVerdict v : r.verdicts()) {
            Html.verdict(sb, v, d::host, findings(d, v));
        }
        for (String n : AnalyzeTextRenderer.notesNotInVerdicts(r)) {
            sb.append("<p>gossip: ").append(Html.esc(n)).append("</p>\n");
        }
        for (String w : r.warnings().stream().distinct().toList()) {
            sb.append("<p class=\"small\">warning: ").append(Html.esc(w)).append("</p>\n");
        }

        LadderSvg ladder = new LadderSvg(d);
        sb.append("<h2 id=\"ladder\">Ladder ").append(Html.esc(ladder.pathName())).append("</h2>\n")
                .append("<p class=\"muted small\">One column per capture point, in path order; ")
                .append("each arrow a gossip message, a lost byte range (its retransmissions together), an ICMP error or a ")
                .append("failed connection. An X marks where something died.</p>\n");
        sb.append(ladder.render());
        if (!ladder.omitted().isEmpty()) {
            sb.append("<p class=\"small omitted\">Not drawn: ").append(Html.esc(String.join(", ", ladder.omitted())))
                    .append(" (the rows that matter most are kept: losses, ICMP, failed connections, notable messages; ")
                    .append("the tables below and the text report list everything).</p>\n");
        }

        sb.append("<h2 id=\"sizes\">Packet sizes</h2>\n<p class=\"muted small\">Per direction: a sample of the packets sent ")
                .append("(dots) and every lost copy (red crosses) by IP size over time; the MTU (line, or the bracket when ")
                .append("only that is known) and the sizes of the notable gossip messages (dotted).</p>\n");
        for (PathVerdict v : r.verdicts()) {
            sb.append("<h3>").append(Html.esc(d.host(v.from()))).append(" &rarr; ").append(Html.esc(d.host(v.to())))
                    .append("</h3>\n");
            sb.append(sizeChart(d, v));
        }

        captures(sb, d);
        details(sb, d);
        Html.close(sb);
        return sb.toString();
    }

    private static String findings(AnalyzeDigest d, PathVerdict v) {
        List<AnalyzeDigest.Finding> fs = d.findings(v);
        if (fs.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder("<ul class=\"findings\">\n");
        for (AnalyzeDigest.Finding f : fs) {
            String span = Fold.countAndSpan(f.fact().count(), f.fact().first(), f.fact().last(), d.times());
            sb.append("<li data-kind=\"").append(f.fact().kind().name()).append("\" data-count=\"").append(f.fact().count())
                    .append("\">").append(Html.esc(f.fact().text()));
            if (!span.isEmpty()) {
                sb.append(" <span class=\"count\">").append(Html.esc(span)).append("</span>");
            }
            if (!f.see().isEmpty()) {
                sb.append(" <span class=\"see\">");
                for (String ref : f.see()) {
                    sb.append("<a href=\"#").append(anchor(ref)).append("\">").append(Html.esc(ref)).append("</a> ");
                }
                sb.append("</span>");
            }
            sb.append("</li>\n");
        }
        return sb.append("</ul>\n").toString();
    }

    /** An anchor for a detail id: "#5-#12" -> "c5", "L1" -> "L1". */
    static String anchor(String ref) {
        if (ref.startsWith("#")) {
            String digits = ref.substring(1).replaceAll("[^0-9].*", "");
            return "c" + digits;
        }
        return ref;
    }

    private static String sizeChart(AnalyzeDigest d, PathVerdict v) {
        AnalysisReport r = d.report();
        List<SizeChartSvg.Mark> marks = new ArrayList<>();
        long zero = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (CaptureSummary c : r.captures()) {
            if (c.packets() > 0) {
                zero = Math.min(zero, c.firstTime());
                last = Math.max(last, c.lastTime());
            }
        }
        if (zero == Long.MAX_VALUE) {
            return "<p class=\"muted\">No packets.</p>";
        }
        for (SizePoint p : r.sizes()) {
            if (p.from().equals(v.from()) && p.to().equals(v.to())) {
                marks.add(new SizeChartSvg.Mark(p.timeNanos(), p.ipLength(), p.lost() ? "lost" : "sent",
                        d.times().at(p.timeNanos()) + "  " + p.ipLength() + " B" + (p.lost() ? " lost" : "")));
            }
        }
        // lost sent copies are drawn on top of the sample
        marks.sort((a, b) -> Boolean.compare(a.outcome().equals("lost"), b.outcome().equals("lost")));
        Map<String, SizeChartSvg.Need> needs = new LinkedHashMap<>();
        for (MessageInfo m : r.messages()) {
            if (AnalyzeDigest.same(m.from(), v.from()) && AnalyzeDigest.same(m.to(), v.to()) && AnalyzeDigest.notable(m)) {
                SizeChartSvg.Need prev = needs.get(m.verb());
                if (prev == null || prev.ipSize() < m.size()) {
                    needs.put(m.verb(), new SizeChartSvg.Need(String.format("%s %,d B", m.verb(), m.size()), m.size(),
                            m.delivered()));
                }
            }
        }
        List<SizeChartSvg.Need> top = new ArrayList<>(needs.values());
        top.sort((a, b) -> Integer.compare(b.ipSize(), a.ipSize()));
        if (top.size() > MAX_NEEDS) {
            top = top.subList(0, MAX_NEEDS);
        }
        final long z = zero;
        String chart = SizeChartSvg.render("sizechart", v.from(), v.to(), marks, zero, Math.max(last, zero + 1),
                "time (" + (d.times().style() == TimeFormat.Style.ABSOLUTE ? "UTC" : "since the first packet") + ")",
                v.mtu(), top, x -> shortTime(d.times().at((long) x)));
        long sent = marks.stream().filter(m -> !m.outcome().equals("lost")).count();
        long lost = marks.size() - sent;
        return chart + "<p class=\"small muted\">" + sent + " sampled packet" + (sent == 1 ? "" : "s") + ", " + lost
                + " lost cop" + (lost == 1 ? "y" : "ies") + "; message sizes are the gossip messages' bytes."
                + (z > 0 ? "" : "") + "</p>\n";
    }

    private static String shortTime(String t) {
        int dot = t.lastIndexOf('.');
        return dot > 0 && !t.startsWith("+") ? t.substring(0, dot) : t;
    }

    private static void captures(StringBuilder sb, AnalyzeDigest d) {
        sb.append("<h2 id=\"captures\">Captures</h2>\n<table class=\"captures\"><tr><th>capture</th><th>file</th><th>format</th>")
                .append("<th>packets</th><th>bytes</th><th>first .. last packet</th><th>clock</th></tr>\n");
        List<AnalyzeDigest.ClockOffset> clocks = d.clockOffsets();
        int i = 0;
        for (CaptureSummary c : d.report().captures()) {
            String links = c.interfaces().stream().map(x -> LinkType.name(x.linkType())).distinct().collect(Collectors.joining(","));
            sb.append("<tr><td>").append(Html.esc(c.name())).append("</td><td>").append(Html.esc(c.source())).append("</td><td>")
                    .append(Html.esc(c.format() + " " + links)).append("</td><td class=\"num\">")
                    .append(String.format("%,d", c.packets())).append("</td><td class=\"num\">").append(String.format("%,d", c.bytes()))
                    .append("</td><td>").append(Html.esc(c.packets() == 0 ? "empty" : d.times().span(c.firstTime(), c.lastTime())))
                    .append("</td><td>").append(Html.esc(clocks.get(i++).text())).append("</td></tr>\n");
        }
        sb.append("</table>\n<p class=\"small muted\">Path: ");
        for (var p : d.report().paths()) {
            sb.append(Html.esc(p.from() + " -> " + p.to() + ": " + String.join(" > ", p.points()))).append("<br>");
        }
        sb.append("</p>\n");
    }

    private static void details(StringBuilder sb, AnalyzeDigest d) {
        sb.append("<h2 id=\"detail\">Detail</h2>\n");
        if (!d.losses().isEmpty()) {
            sb.append("<h3>Lost data</h3>\n<table><tr><th>id</th><th>connection</th><th>bytes</th><th>copies</th><th>IP size</th>")
                    .append("<th>when</th><th>where it died</th><th>delivered later</th></tr>\n");
            for (AnalyzeDigest.Loss x : d.losses()) {
                LossInfo l = x.info();
                sb.append("<tr id=\"").append(x.id()).append("\"><td>").append(x.id()).append("</td><td>#").append(l.flowId())
                        .append(' ').append(Html.esc(l.from() + " -> " + l.to())).append("</td><td>").append(l.start()).append('-')
                        .append(l.end()).append("</td><td class=\"num\">").append(l.copies()).append("</td><td>")
                        .append(l.minIpLength() == l.maxIpLength() ? l.minIpLength() : l.minIpLength() + "-" + l.maxIpLength())
                        .append("</td><td>").append(Html.esc(d.times().span(l.firstTime(), l.lastTime()))).append("</td><td>")
                        .append(Html.esc(l.between())).append("</td><td>").append(l.delivered() ? "yes" : "NEVER").append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        if (!d.icmp().isEmpty()) {
            sb.append("<h3>ICMP frag-needed / Packet Too Big</h3>\n<table><tr><th>id</th><th>count</th><th>from</th><th>MTU</th>")
                    .append("<th>about</th><th>when</th><th>seen at</th><th>reached the sender</th><th>sender</th></tr>\n");
            for (AnalyzeDigest.IcmpGroup g : d.icmp()) {
                IcmpInfo i = g.sample();
                sb.append("<tr id=\"").append(g.id()).append("\"><td>").append(g.id()).append("</td><td class=\"num\">")
                        .append(g.members().size()).append("</td><td>").append(Html.esc(d.host(i.router()))).append("</td><td>")
                        .append(i.mtu()).append("</td><td>").append(Html.esc(i.about())).append(" (")
                        .append(g.minQuoted() == g.maxQuoted() ? g.minQuoted() : g.minQuoted() + "-" + g.maxQuoted())
                        .append(" B)</td><td>").append(Html.esc(d.times().span(g.first(), g.last()))).append("</td><td>")
                        .append(Html.esc(String.join(", ", i.seenAt()))).append("</td><td>")
                        .append(i.reachedSender() == null ? "not captured" : i.reachedSender() ? "yes" : "NEVER").append("</td><td>")
                        .append(Html.esc(g.reaction())).append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
        sb.append("<h3>Connections</h3>\n<table><tr><th>ids</th><th>client -> server</th><th>when</th><th>end</th>")
                .append("<th>client -> server</th><th>server -> client</th></tr>\n");
        for (AnalyzeDigest.ConnectionGroup g : d.connections()) {
            var f = g.sample();
            sb.append("<tr id=\"c").append(g.ids().get(0)).append("\"><td>").append(Html.esc(Fold.ids(g.ids()))).append("</td><td>")
                    .append(Html.esc((g.count() > 1 ? f.client().substring(0, f.client().lastIndexOf(':')) + ":*" : f.client())
                            + " -> " + f.server())).append("</td><td>")
                    .append(Html.esc(d.times().span(g.first(), g.count() > 1 ? g.last() : g.first()))).append("</td><td>")
                    .append(Html.esc(f.end())).append("</td><td>").append(Html.esc(dir(f.clientToServer()))).append("</td><td>")
                    .append(Html.esc(dir(f.serverToClient()))).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        List<AnalyzeDigest.MessageGroup> notable = d.messages().stream().filter(g -> AnalyzeDigest.notable(g.sample())).toList();
        sb.append("<h3>Gossip messages</h3>\n<p class=\"small muted\">").append(d.report().messages().size())
                .append(" decoded; the notable and undelivered ones:</p>\n");
        if (!notable.isEmpty()) {
            sb.append("<table><tr><th>id</th><th>when</th><th>message</th><th>fate</th><th>note</th></tr>\n");
            for (AnalyzeDigest.MessageGroup g : notable) {
                MessageInfo m = g.sample();
                sb.append("<tr id=\"").append(g.id()).append("\"><td>").append(g.id()).append("</td><td>")
                        .append(Html.esc(d.times().span(g.first(), g.last()))).append("</td><td>")
                        .append(Html.esc((g.members().size() > 1 ? g.members().size() + " x " : "") + m.verb()
                                + String.format(" %,d B #%d %s -> %s", m.size(), m.flowId(), m.from(), m.to())))
                        .append("</td><td>").append(Html.esc(m.fate())).append("</td><td>").append(Html.esc(m.note()))
                        .append("</td></tr>\n");
            }
            sb.append("</table>\n");
        }
    }

    private static String dir(io.gossippreflight.analyzer.report.FlowInfo.FlowDirection x) {
        if (x.packets() == 0) {
            return "nothing";
        }
        return String.format("%,d pkts, %,d B, largest %d B%s%s", x.packets(), x.bytes(), x.maxWireIpLength(),
                x.retransmissions() > 0 ? ", " + x.retransmissions() + " retransmitted" : "",
                x.undeliveredBytes() > 0 ? String.format(", %,d B NEVER DELIVERED", x.undeliveredBytes()) : "");
    }
}
