package io.gossippreflight.cli.render;

import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ladder diagram of an analysis: one column per capture point in path order, one arrow per
 * gossip message (routine ones grouped), lost segment range (its retransmissions grouped),
 * ICMP group and failed connection attempt. Lost ones end in an X between the last point that
 * saw them and the next that should have; ICMP travels back towards the sender and ends where
 * it was last seen, with an X when it never arrived. Big captures keep the rows that matter.
 */
final class LadderSvg {
    /** Rows drawn at most; what is left out is said under the diagram. */
    static final int MAX_ROWS = 48;
    static final int ROW = 34;
    static final int TOP = 64;
    static final int LEFT = 128;

    /** One arrow. {@code fromCol}/{@code toCol} may be fractional (an X between two columns). */
    record Row(long time, int priority, String kind, boolean lost, int count, double fromCol, double toCol, String label,
            String ref) {
    }

    private final AnalyzeDigest d;
    private final List<String> columns;
    private final PathInfo path;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> omitted = new ArrayList<>();

    LadderSvg(AnalyzeDigest d) {
        this.d = d;
        this.path = mainPath(d);
        this.columns = path == null ? List.of() : path.points();
        if (path != null) {
            collect();
        }
    }

    /** The path of the first problem (else the first verdict), with its sender on the left. */
    private static PathInfo mainPath(AnalyzeDigest d) {
        List<PathInfo> paths = d.report().paths();
        if (paths.isEmpty()) {
            return null;
        }
        var verdicts = d.report().verdicts();
        var v = verdicts.stream().filter(x -> x.status().isProblem()).findFirst().orElse(verdicts.isEmpty() ? null : verdicts.get(0));
        if (v != null) {
            for (PathInfo p : paths) {
                if (AnalyzeDigest.same(p.from(), v.from()) && AnalyzeDigest.same(p.to(), v.to())) {
                    return p;
                }
            }
        }
        return paths.stream().max(Comparator.comparingInt(p -> p.points().size())).orElseThrow();
    }

    List<String> columns() {
        return columns;
    }

    /** "198.18.1.2 (a) <-> 198.18.2.2 (b)", the hosts whose traffic is drawn; empty without a path. */
    String pathName() {
        return path == null ? "" : d.host(AnalyzeDigest.address(path.from())) + " <-> " + d.host(AnalyzeDigest.address(path.to()));
    }

    private int col(String point) {
        return columns.indexOf(point);
    }

    /** True when traffic from {@code from} runs left to right. */
    private boolean forward(String from) {
        return AnalyzeDigest.same(from, path.from());
    }

    /** True for traffic between the two hosts of the drawn path, either way. */
    private boolean onPath(String from, String to) {
        return AnalyzeDigest.same(from, path.from()) && AnalyzeDigest.same(to, path.to())
                || AnalyzeDigest.same(from, path.to()) && AnalyzeDigest.same(to, path.from());
    }

    private int otherPairs;

    private boolean skip(String from, String to) {
        if (onPath(from, to)) {
            return false;
        }
        otherPairs++;
        return true;
    }

    private double start(String from) {
        return forward(from) ? 0 : columns.size() - 1;
    }

    private double end(String from) {
        return forward(from) ? columns.size() - 1 : 0;
    }

    /** Where a lost copy died: between its last point and the next, or half a column beyond the last. */
    private double deathCol(LossInfo l) {
        int last = col(l.lastSeen());
        if (last < 0) {
            return end(l.from());
        }
        int next = l.nextPoint() == null ? -1 : col(l.nextPoint());
        if (next >= 0) {
            return (last + next) / 2.0;
        }
        return last + (forward(l.from()) ? 0.5 : -0.5);
    }

    private void collect() {
        TimeFormat t = d.times();
        Map<String, LossInfo> lossOfMessage = new LinkedHashMap<>();
        for (AnalyzeDigest.Loss x : d.losses()) {
            LossInfo l = x.info();
            if (skip(l.from(), l.to())) {
                continue;
            }
            rows.add(new Row(l.firstTime(), 0, "segment", !l.delivered(), l.copies(), start(l.from()), deathCol(l),
                    String.format("%s  %d cop%s of %s B (bytes %d-%d of #%d) died %s%s", x.id(), l.copies(),
                            l.copies() == 1 ? "y" : "ies", l.minIpLength() == l.maxIpLength() ? String.valueOf(l.minIpLength())
                                    : l.minIpLength() + "-" + l.maxIpLength(), l.start(), l.end(), l.flowId(), l.between(),
                            l.delivered() ? "; a later copy got through" : "; never delivered"), x.id()));
        }
        // routine delivered gossip: one arrow per verb and direction
        Map<String, List<MessageInfo>> routine = new LinkedHashMap<>();
        for (AnalyzeDigest.MessageGroup g : d.messages()) {
            MessageInfo m = g.sample();
            if (skip(m.from(), m.to())) {
                continue;
            }
            if (AnalyzeDigest.notable(m)) {
                LossInfo loss = null;
                for (AnalyzeDigest.Loss x : d.losses()) {
                    LossInfo l = x.info();
                    if (l.flowId() == m.flowId() && l.start() < m.streamEnd() && l.end() > m.streamStart()) {
                        loss = l;
                        break;
                    }
                }
                double to = m.delivered() ? end(m.from()) : loss != null ? deathCol(loss) : end(m.from()) - (forward(m.from()) ? 0.5 : -0.5);
                int n = g.members().size();
                rows.add(new Row(g.first(), m.delivered() ? 2 : 0, "message", !m.delivered(), n, start(m.from()), to,
                        String.format("%s  %s%s %,d B: %s%s", g.id(), n > 1 ? n + " x " : "", m.verb(), m.size(), m.fate(),
                                m.note() == null ? "" : " [" + shortNote(m.note()) + "]"), g.id()));
            } else {
                routine.computeIfAbsent(m.verb() + "\n" + m.from() + "\n" + m.to(), k -> new ArrayList<>()).addAll(g.members());
            }
        }
        for (List<MessageInfo> ms : routine.values()) {
            MessageInfo m = ms.get(0);
            int min = ms.stream().mapToInt(MessageInfo::size).min().orElse(0);
            int max = ms.stream().mapToInt(MessageInfo::size).max().orElse(0);
            long last = ms.stream().mapToLong(MessageInfo::timeNanos).max().orElse(m.timeNanos());
            rows.add(new Row(m.timeNanos(), 3, "gossip", false, ms.size(), start(m.from()), end(m.from()),
                    ms.size() == 1 ? String.format("%s %,d B delivered", m.verb(), min)
                            : String.format("%d x %s %s B delivered, until %s", ms.size(), m.verb(),
                                    min == max ? String.format("%,d", min) : String.format("%,d-%,d", min, max), t.at(last)),
                    null));
        }
        for (AnalyzeDigest.IcmpGroup g : d.icmp()) {
            IcmpInfo i = g.sample();
            String sender = i.about().substring(0, i.about().indexOf(" -> "));
            if (skip(sender, i.about().substring(i.about().indexOf(" -> ") + 4))) {
                continue;
            }
            boolean senderLeft = forward(sender);
            List<Integer> cols = i.seenAt().stream().map(this::col).filter(c -> c >= 0).sorted().toList();
            if (cols.isEmpty()) {
                omitted.add(g.id() + " (seen at no point of this path)");
                continue;
            }
            // it travels back towards the sender: from the point farthest from the sender to the nearest
            double from = senderLeft ? cols.get(cols.size() - 1) : cols.get(0);
            double to = senderLeft ? cols.get(0) : cols.get(cols.size() - 1);
            boolean lost = Boolean.FALSE.equals(i.reachedSender());
            if (lost) {
                to += senderLeft ? -0.5 : 0.5;
            }
            int n = g.members().size();
            rows.add(new Row(g.first(), 1, "icmp", lost, n, from, to, String.format("%s  %sICMP %s MTU %d from %s%s", g.id(),
                    n > 1 ? n + " x " : "", i.ipVersion() == 6 ? "Packet Too Big" : "frag-needed", i.mtu(), d.host(i.router()),
                    lost ? ": never reached the sender" : Boolean.TRUE.equals(i.reachedSender()) ? ": reached the sender" : ""),
                    g.id()));
        }
        for (AnalyzeDigest.ConnectionGroup g : d.connections()) {
            FlowInfo f = g.sample();
            boolean refused = f.end().equals("reset by server") && f.clientToServer().dataPackets() == 0;
            boolean unanswered = f.serverToClient().packets() == 0;
            if (!refused && !unanswered) {
                continue;
            }
            String client = f.client().substring(0, f.client().lastIndexOf(':'));
            if (skip(client, f.server().substring(0, f.server().lastIndexOf(':')))) {
                continue;
            }
            double s = start(client);
            double e = end(client);
            rows.add(new Row(g.first(), 1, "connection", true, g.count(), s, unanswered ? (s + e) / 2 : e,
                    String.format("%s %s%s -> %s: %s", Fold.ids(g.ids()), g.count() > 1 ? g.count() + " x SYN " : "SYN ",
                            client, f.server(), unanswered ? "no answer" : "refused (RST)"), null));
        }
        if (otherPairs > 0) {
            omitted.add(otherPairs + " item" + (otherPairs == 1 ? "" : "s") + " between other hosts than "
                    + d.host(AnalyzeDigest.address(path.from())) + " and " + d.host(AnalyzeDigest.address(path.to())));
        }
        rows.sort(Comparator.comparingInt(Row::priority).thenComparingLong(Row::time));
        if (rows.size() > MAX_ROWS) {
            List<Row> left = rows.subList(MAX_ROWS, rows.size());
            Map<String, Integer> byKind = new LinkedHashMap<>();
            left.forEach(r -> byKind.merge(r.kind(), 1, Integer::sum));
            byKind.forEach((k, n) -> omitted.add(n + " " + k + " row" + (n == 1 ? "" : "s")));
            rows.subList(MAX_ROWS, rows.size()).clear();
        }
        rows.sort(Comparator.comparingLong(Row::time));
    }

    private static String shortNote(String note) {
        int colon = note.indexOf(':');
        return colon > 0 ? note.substring(0, colon) : note;
    }

    /** What the diagram leaves out, for a line under it (empty when nothing). */
    List<String> omitted() {
        return omitted;
    }

    String render() {
        if (path == null) {
            return "<p class=\"muted\">No path to draw: no TCP traffic between two hosts.</p>";
        }
        int n = columns.size();
        double colW = Math.max(96, Math.min(150, 1000.0 / Math.max(1, n - 1)));
        double width = LEFT + colW * Math.max(1, n - 1) + 260;
        double height = TOP + ROW * Math.max(1, rows.size()) + 24;
        StringBuilder sb = new StringBuilder();
        sb.append("<svg class=\"ladder\" width=\"").append(Html.num(width)).append("\" height=\"").append(Html.num(height))
                .append("\" viewBox=\"0 0 ").append(Html.num(width)).append(' ').append(Html.num(height))
                .append("\" role=\"img\" aria-label=\"ladder diagram across the capture points\" data-columns=\"").append(n)
                .append("\" data-rows=\"").append(rows.size()).append("\">\n");
        sb.append("<defs><marker id=\"ah\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\"")
                .append(" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"#1d232b\"></path></marker></defs>\n");
        String lastCapture = null;
        for (int i = 0; i < n; i++) {
            double x = x(i, colW);
            String p = columns.get(i);
            String capture = p.contains("#") ? p.substring(0, p.indexOf('#')) : p;
            String iface = p.contains("#") ? p.substring(p.indexOf('#') + 1) : "";
            sb.append("<g class=\"column\" data-point=\"").append(Html.esc(p)).append("\">");
            if (!capture.equals(lastCapture)) {
                sb.append("<text class=\"head\" x=\"").append(Html.num(x)).append("\" y=\"18\">").append(Html.esc(capture))
                        .append("</text>");
            }
            lastCapture = capture;
            sb.append("<text x=\"").append(Html.num(x)).append("\" y=\"34\" class=\"muted\">").append(Html.esc(iface))
                    .append("</text>");
            sb.append("<line class=\"column\" x1=\"").append(Html.num(x)).append("\" y1=\"42\" x2=\"").append(Html.num(x))
                    .append("\" y2=\"").append(Html.num(height - 10)).append("\"></line></g>\n");
        }
        sb.append("<text x=\"8\" y=\"34\" class=\"muted\">").append(Html.esc(d.times().style() == TimeFormat.Style.ABSOLUTE
                ? "UTC" : "since first packet")).append("</text>\n");
        int k = 0;
        for (Row r : rows) {
            double y = TOP + ROW * k++ + 12;
            double x1 = x(r.fromCol(), colW);
            double x2 = x(r.toCol(), colW);
            boolean xEnd = r.lost();
            sb.append("<g class=\"arrow ").append(r.kind()).append(r.lost() ? " lost" : "").append("\" data-kind=\"")
                    .append(r.kind()).append("\" data-lost=\"").append(r.lost()).append("\" data-count=\"").append(r.count())
                    .append("\" data-from-col=\"").append(r.fromCol()).append("\" data-to-col=\"").append(r.toCol()).append('"');
            if (r.ref() != null) {
                sb.append(" data-ref=\"").append(Html.esc(r.ref())).append('"');
            }
            sb.append(">");
            sb.append("<text x=\"8\" y=\"").append(Html.num(y + 4)).append("\" class=\"muted\">")
                    .append(Html.esc(shortTime(d.times().at(r.time())))).append("</text>");
            sb.append("<text x=\"").append(Html.num(Math.min(x1, x2) + 4)).append("\" y=\"").append(Html.num(y - 4)).append("\">")
                    .append(Html.esc(r.label())).append("</text>");
            sb.append("<line x1=\"").append(Html.num(x1)).append("\" y1=\"").append(Html.num(y)).append("\" x2=\"")
                    .append(Html.num(x2)).append("\" y2=\"").append(Html.num(y + 6)).append('"')
                    .append(xEnd ? "" : " marker-end=\"url(#ah)\"").append("></line>");
            if (r.count() > 1) {
                // retransmissions / repeats: a second, offset shaft says "several"
                sb.append("<line x1=\"").append(Html.num(x1)).append("\" y1=\"").append(Html.num(y + 3)).append("\" x2=\"")
                        .append(Html.num(x2 + (x2 > x1 ? -6 : 6))).append("\" y2=\"").append(Html.num(y + 9))
                        .append("\" stroke-opacity=\"0.45\"></line>");
            }
            if (xEnd) {
                sb.append("<g class=\"x\" data-kind=\"").append(r.kind()).append("\" data-count=\"").append(r.count())
                        .append("\" data-col=\"").append(r.toCol()).append("\">");
                double cy = y + 6;
                sb.append("<line x1=\"").append(Html.num(x2 - 7)).append("\" y1=\"").append(Html.num(cy - 7)).append("\" x2=\"")
                        .append(Html.num(x2 + 7)).append("\" y2=\"").append(Html.num(cy + 7)).append("\"></line>");
                sb.append("<line x1=\"").append(Html.num(x2 - 7)).append("\" y1=\"").append(Html.num(cy + 7)).append("\" x2=\"")
                        .append(Html.num(x2 + 7)).append("\" y2=\"").append(Html.num(cy - 7)).append("\"></line></g>");
            }
            sb.append("</g>\n");
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    /** Clock times shortened to milliseconds for the narrow margin. */
    private static String shortTime(String t) {
        int dot = t.lastIndexOf('.');
        return dot > 0 && t.length() - dot > 4 && !t.startsWith("+") ? t.substring(0, dot + 4) : t;
    }

    private static double x(double col, double colW) {
        return LEFT + col * colW;
    }
}
