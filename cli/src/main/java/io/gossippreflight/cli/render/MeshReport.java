package io.gossippreflight.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gossippreflight.probe.agent.MeshMatrix;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code probe mesh}'s report: text, JSON, Markdown, the HTML heat map and the JUnit suite, from the matrix alone. */
public final class MeshReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    private MeshReport() {
    }

    /** "BLACK_HOLE 1422", "HEALTHY 9001", "no verdict"; a * when the two ends judged differently. */
    static String cellText(MeshMatrix.Cell c) {
        if (c.verdict() == null) {
            return "NOT CHECKED";
        }
        Integer mtu = c.mtu();
        return c.status().name() + (mtu == null ? "" : " " + mtu) + (c.disagree() ? "*" : "");
    }

    /** Whose check the shown verdict is ("us" in its summary is that host). */
    static String judge(MeshMatrix.Cell c) {
        if (c.verdict() == null) {
            return "";
        }
        return c.verdict() == c.byReceiver() ? c.to() + "'s check: " : c.from() + "'s check: ";
    }

    private static String summary(MeshMatrix.Cell c) {
        return c.verdict() == null ? c.error() : c.verdict().summary();
    }

    public static String text(MeshMatrix m, boolean strict, Instant started) {
        StringBuilder sb = new StringBuilder();
        List<MeshMatrix.Cell> failing = m.failing(strict);
        int n = m.hosts().size();
        sb.append(String.format(Locale.ROOT, "probe mesh: %d hosts, %d ordered pairs: %s (%s UTC)%n", n, m.cells().size(),
                failing.isEmpty() ? "PASS" : "FAIL, " + failing.size() + " pair" + (failing.size() == 1 ? "" : "s")
                        + " fail", WHEN.format(started)));
        if (!failing.isEmpty()) {
            sb.append("\nFailing pairs (from -> to):\n");
            for (MeshMatrix.Cell c : failing) {
                sb.append("  ").append(c.from()).append(" -> ").append(c.to()).append("  ").append(cellText(c)).append('\n')
                        .append("    ").append(judge(c)).append(Fold.paragraph(summary(c), 2)).append('\n');
            }
            sb.append("  (run 'preflight probe check TARGET' on the sending host for the evidence and the fixes)\n");
        }
        int w = Math.max(8, m.hosts().stream().mapToInt(String::length).max().orElse(8));
        int cw = Math.max(w, 16);
        sb.append("\nMatrix (row: from, column: to; status and path MTU):\n");
        StringBuilder head = new StringBuilder(pad("", w)).append("  ");
        for (String h : m.hosts()) {
            head.append(pad(h, cw)).append("  ");
        }
        sb.append(head.toString().stripTrailing()).append('\n');
        for (String x : m.hosts()) {
            sb.append(pad(x, w)).append("  ");
            StringBuilder row = new StringBuilder();
            for (String y : m.hosts()) {
                row.append(pad(x.equals(y) ? "-" : cellText(m.cell(x, y)), cw)).append("  ");
            }
            sb.append(row.toString().stripTrailing()).append('\n');
        }
        if (m.cells().stream().anyMatch(MeshMatrix.Cell::disagree)) {
            sb.append("* the two ends judged this pair differently; the worse is shown (--json has both)\n");
        }
        return sb.toString();
    }

    private static String pad(String s, int w) {
        return s.length() >= w ? s : s + " ".repeat(w - s.length());
    }

    public static String json(MeshMatrix m, String version, int code, Instant started, boolean strict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", "gossip-preflight/mesh/v1").put("tool", "preflight " + version)
                .put("startedAt", started.toString());
        root.putObject("result").put("passed", code == 0).put("exitCode", code).put("strict", strict);
        ArrayNode hosts = root.putArray("hosts");
        m.hosts().forEach(hosts::add);
        ArrayNode pairs = root.putArray("pairs");
        for (MeshMatrix.Cell c : m.cells()) {
            ObjectNode p = pairs.addObject();
            p.put("from", c.from()).put("to", c.to()).put("passed", c.passes(strict))
                    .put("status", c.status() == null ? null : c.status().name());
            if (c.mtu() == null) {
                p.putNull("mtu");
            } else {
                p.put("mtu", c.mtu());
            }
            p.put("disagree", c.disagree()).put("error", c.error());
            p.set("bySender", c.bySender() == null ? null : VerdictJson.verdict(JSON, c.bySender()));
            p.set("byReceiver", c.byReceiver() == null ? null : VerdictJson.verdict(JSON, c.byReceiver()));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String markdown(MeshMatrix m, boolean strict, int code) {
        StringBuilder sb = new StringBuilder("### preflight probe mesh: ").append(code == 0 ? "PASS" : "FAIL").append("\n\n");
        sb.append("| from \\ to |");
        m.hosts().forEach(h -> sb.append(' ').append(CiSummary.md(h)).append(" |"));
        sb.append("\n|---|").append("---|".repeat(m.hosts().size())).append('\n');
        for (String x : m.hosts()) {
            sb.append("| **").append(CiSummary.md(x)).append("** |");
            for (String y : m.hosts()) {
                if (x.equals(y)) {
                    sb.append(" - |");
                } else {
                    MeshMatrix.Cell c = m.cell(x, y);
                    sb.append(' ').append(c.passes(strict) ? "" : "**").append(CiSummary.md(cellText(c)))
                            .append(c.passes(strict) ? "" : "**").append(" |");
                }
            }
            sb.append('\n');
        }
        List<MeshMatrix.Cell> failing = m.failing(strict);
        if (!failing.isEmpty()) {
            sb.append("\nFailing pairs:\n\n");
            for (MeshMatrix.Cell c : failing) {
                sb.append("- ").append(CiSummary.md(c.from() + " → " + c.to())).append(": ")
                        .append(CiSummary.md(judge(c) + Fold.paragraph(summary(c), 1))).append('\n');
            }
        }
        return sb.toString();
    }

    /** A test case per ordered pair; a pair no end could check is an inconclusive verdict naming why. */
    public static JunitXmlWriter.Suite junitSuite(MeshMatrix m, double seconds, Instant started) {
        List<PathVerdict> verdicts = new ArrayList<>();
        for (MeshMatrix.Cell c : m.cells()) {
            verdicts.add(c.verdict() != null ? c.verdict() : new PathVerdict(c.from(), c.to(), PathStatus.INCONCLUSIVE,
                    MtuEstimate.unknown(), Confidence.LOW, c.error(), List.of(), List.of(), List.of()));
        }
        return new JunitXmlWriter.Suite(m.hosts().size() + " hosts", verdicts, seconds, null, started);
    }

    private static final String HEAT_CSS = """
            table.mesh td.cell{text-align:center;font-weight:600;min-width:110px}
            table.mesh td.ok{background:#c8e6c9}table.mesh td.warning{background:#ffe0b2}
            table.mesh td.problem{background:#ef9a9a}table.mesh td.inconclusive,table.mesh td.none{background:#e0e0e0}
            table.mesh td.self{background:#f6f7f9}table.mesh th.row{text-align:right}
            """;

    public static String html(MeshMatrix m, boolean strict, String tool, Instant started) {
        StringBuilder sb = new StringBuilder();
        Html.open(sb, "preflight probe mesh");
        List<MeshMatrix.Cell> failing = m.failing(strict);
        sb.append("<style>").append(HEAT_CSS).append("</style>\n<h1>probe mesh: ").append(m.hosts().size())
                .append(" hosts <span class=\"result ").append(failing.isEmpty() ? "pass\">PASS" : "fail\">FAIL")
                .append("</span></h1>\n<div class=\"muted small\">").append(Html.esc(tool)).append(", ")
                .append(Html.esc(WHEN.format(started))).append(" UTC; row: from, column: to</div>\n");
        sb.append("<table class=\"mesh\"><tr><th>from \\ to</th>");
        m.hosts().forEach(h -> sb.append("<th>").append(Html.esc(h)).append("</th>"));
        sb.append("</tr>\n");
        for (String x : m.hosts()) {
            sb.append("<tr><th class=\"row\">").append(Html.esc(x)).append("</th>");
            for (String y : m.hosts()) {
                if (x.equals(y)) {
                    sb.append("<td class=\"cell self\">-</td>");
                    continue;
                }
                MeshMatrix.Cell c = m.cell(x, y);
                String cls = c.verdict() == null ? "none" : Html.statusClass(c.status());
                sb.append("<td class=\"cell ").append(cls).append("\" data-from=\"").append(Html.esc(x))
                        .append("\" data-to=\"").append(Html.esc(y)).append("\" data-status=\"")
                        .append(c.status() == null ? "" : c.status().name()).append("\" title=\"")
                        .append(Html.esc(summary(c))).append("\">").append(Html.esc(cellText(c))).append("</td>");
            }
            sb.append("</tr>\n");
        }
        sb.append("</table>\n");
        if (!failing.isEmpty()) {
            sb.append("<h2>Failing pairs</h2>\n");
            for (MeshMatrix.Cell c : failing) {
                if (c.verdict() != null) {
                    Html.verdict(sb, c.verdict(), h -> h, null);
                } else {
                    sb.append("<div class=\"verdict problem\"><h3>").append(Html.esc(c.from())).append(" &rarr; ")
                            .append(Html.esc(c.to())).append(": not checked</h3><p>").append(Html.esc(c.error()))
                            .append("</p></div>\n");
                }
            }
        }
        Html.close(sb);
        return sb.toString();
    }
}
