package io.gossippreflight.cli.render;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.icmp.IcmpFinding;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.GroupedNumbers;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.verdict.PathVerdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code preflight analyze} as text: the verdicts first (what happened, what to do), then the
 * evidence, each fact once and pointing at the detail that shows it, then the detail:
 * captures with their clocks, path, connections, lost data, ICMP, gossip messages, timeline.
 * Repeated attempts and copies are folded into one line with a count and a time span.
 */
public final class AnalyzeTextRenderer {
    /** Messages listed one by one unless --all-messages: notable ones always, the rest counted. */
    private final boolean allMessages;
    private final TimeFormat.Style style;

    public AnalyzeTextRenderer(boolean allMessages) {
        this(allMessages, TimeFormat.Style.ABSOLUTE);
    }

    public AnalyzeTextRenderer(boolean allMessages, TimeFormat.Style style) {
        this.allMessages = allMessages;
        this.style = style;
    }

    public void render(AnalysisReport r, PrintWriter out) {
        render(new AnalyzeDigest(r, style), out);
    }

    public void render(AnalyzeDigest d, PrintWriter out) {
        AnalysisReport r = d.report();
        TimeFormat t = d.times();
        out.println("== Verdict   (" + t.legend() + ")");
        if (r.verdicts().isEmpty()) {
            out.println("No TCP connections to judge.");
            out.println();
        }
        for (PathVerdict v : r.verdicts()) {
            int n = d.findings(v).size();
            VerdictTextRenderer.render(v, out, d::host, n == 0 ? List.of()
                    : List.of("Evidence: " + n + " fact" + (n == 1 ? "" : "s") + ", listed below under Evidence"));
            out.println();
        }
        List<String> notes = notesNotInVerdicts(r);
        for (String n : notes) {
            out.println("gossip: " + n);
        }
        Map<String, Integer> warnings = new LinkedHashMap<>();
        r.warnings().forEach(w -> warnings.merge(w, 1, Integer::sum));
        warnings.forEach((w, c) -> out.println("warning: " + w + (c > 1 ? " (" + c + " times)" : "")));
        if (!notes.isEmpty() || !warnings.isEmpty()) {
            out.println();
        }

        out.println("== Evidence   (each fact once; the ids point at the detail below)");
        for (PathVerdict v : r.verdicts()) {
            out.printf("%s -> %s%n", d.host(v.from()), d.host(v.to()));
            for (AnalyzeDigest.Finding f : d.findings(v)) {
                String span = Fold.countAndSpan(f.fact().count(), f.fact().first(), f.fact().last(), t);
                out.println("  - " + f.fact().text() + (span.isEmpty() ? "" : " " + span)
                        + (f.see().isEmpty() ? "" : "  -> " + String.join(", ", f.see())));
            }
        }
        out.println();

        captures(d, out);
        paths(r, out);
        connections(d, out);
        losses(d, out);
        icmp(d, out);
        messages(d, out);
        timeline(d, out);
        out.flush();
    }

    /** Gossip notes a verdict does not already say. */
    static List<String> notesNotInVerdicts(AnalysisReport r) {
        List<String> out = new ArrayList<>();
        for (String n : r.gossipNotes()) {
            boolean said = r.verdicts().stream().anyMatch(v -> v.summary().contains(n)
                    || v.evidence().stream().anyMatch(e -> e.summary().equals(n)));
            if (!said && !out.contains(n)) {
                out.add(n);
            }
        }
        return out;
    }

    private static void captures(AnalyzeDigest d, PrintWriter out) {
        AnalysisReport r = d.report();
        out.println("== Captures   (clock: offset from the first capture's clock, estimated from packets both saw)");
        List<AnalyzeDigest.ClockOffset> clocks = d.clockOffsets();
        int i = 0;
        for (CaptureSummary c : r.captures()) {
            String links = c.interfaces().stream().map(x -> LinkType.name(x.linkType())).distinct()
                    .collect(Collectors.joining(","));
            out.printf("  %-8s %s  %s %s  %,d packets  %,d bytes  %s%s%s%n           clock %s%n", c.name(), c.source(),
                    c.format(), links, c.packets(), c.bytes(),
                    c.packets() == 0 ? "empty" : d.times().span(c.firstTime(), c.lastTime()),
                    c.truncated() > 0 ? String.format("  %,d cut by snaplen", c.truncated()) : "",
                    c.stoppedEarly() != null ? "  DAMAGED (read until the problem)" : "", clocks.get(i++).text());
        }
        out.println();
    }

    private static void paths(AnalysisReport r, PrintWriter out) {
        out.println("== Path" + (r.paths().stream().anyMatch(p -> p.basis().equals("given")) ? " (as given by --path)"
                : " (inferred from TTL and timing)"));
        for (PathInfo p : r.paths()) {
            out.printf("  %s -> %s: %s%n", p.from(), p.to(), String.join(" > ", p.points()));
        }
        out.println();
    }

    private static void connections(AnalyzeDigest d, PrintWriter out) {
        out.println("== Connections");
        for (AnalyzeDigest.ConnectionGroup g : d.connections()) {
            FlowInfo f = g.sample();
            String client = g.count() == 1 ? f.client() : f.client().substring(0, f.client().lastIndexOf(':')) + ":*";
            out.printf("  %s %s%s -> %s  %s, %s; seen at %s%s%n", Fold.ids(g.ids()),
                    g.count() > 1 ? "(" + g.count() + " alike) " : "", client, f.server(),
                    d.times().span(g.first(), g.count() > 1 ? g.last() : g.first()), f.end(), String.join(", ", f.seenAt()),
                    f.tls() ? "; TLS" : "");
            direction(out, g.count() > 1 ? "c>s each" : "c>s", f.clientToServer());
            direction(out, g.count() > 1 ? "s>c each" : "s>c", f.serverToClient());
        }
        out.println();
    }

    private static void losses(AnalyzeDigest d, PrintWriter out) {
        if (d.losses().isEmpty()) {
            return;
        }
        out.println("== Lost data");
        for (AnalyzeDigest.Loss x : d.losses()) {
            LossInfo l = x.info();
            out.printf("  %s  #%d %s -> %s bytes %d-%d (%s B): %d lost cop%s of %s B, %s, %s; %s%n", x.id(), l.flowId(),
                    l.from(), l.to(), l.start(), l.end(), GroupedNumbers.of(l.bytes()), l.copies(), l.copies() == 1 ? "y" : "ies",
                    l.minIpLength() == l.maxIpLength() ? String.valueOf(l.minIpLength()) : l.minIpLength() + "-" + l.maxIpLength(),
                    d.times().span(l.firstTime(), l.lastTime()), l.between(),
                    l.delivered() ? "a later copy got through" : "NEVER DELIVERED");
        }
        out.println();
    }

    private static void icmp(AnalyzeDigest d, PrintWriter out) {
        if (d.icmp().isEmpty()) {
            return;
        }
        out.println("== ICMP frag-needed / Packet Too Big");
        for (AnalyzeDigest.IcmpGroup g : d.icmp()) {
            IcmpInfo i = g.sample();
            List<Integer> flows = g.members().stream().map(IcmpInfo::flowId).filter(x -> x >= 0).distinct().sorted().toList();
            out.printf("  %s  %s%s from %s, MTU %d%s, about %s (%s-byte packet%s%s); %s; seen at %s; %s; %s%n", g.id(),
                    g.members().size() > 1 ? g.members().size() + " x " : "", i.ipVersion() == 6 ? "Packet Too Big" : "frag-needed",
                    d.host(i.router()), i.mtu(), i.plateau() ? " (plateau)" : "", i.about(),
                    g.minQuoted() == g.maxQuoted() ? String.valueOf(g.minQuoted()) : g.minQuoted() + "-" + g.maxQuoted(),
                    g.members().size() > 1 ? "s" : "", flows.isEmpty() ? "" : ", connection " + Fold.ids(flows),
                    d.times().span(g.first(), g.last()), String.join(", ", i.seenAt()),
                    i.reachedSender() == null ? IcmpFinding.NO_CAPTURE_AT_SENDER : i.reachedSender() ? "reached the sender"
                            : "NEVER reached the sender" + (i.lost() == null ? "" : " (" + i.lost() + ")"),
                    g.reaction());
        }
        out.println();
    }

    private void messages(AnalyzeDigest d, PrintWriter out) {
        AnalysisReport r = d.report();
        if (r.messages().isEmpty()) {
            return;
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        long lost = 0;
        for (MessageInfo m : r.messages()) {
            counts.merge(m.verb(), 1L, Long::sum);
            lost += m.delivered() ? 0 : 1;
        }
        out.printf("== Gossip messages (%d; %d not delivered)%n", r.messages().size(), lost);
        out.println("  " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
        for (AnalyzeDigest.MessageGroup g : d.messages()) {
            MessageInfo m = g.sample();
            if (!allMessages && !AnalyzeDigest.notable(m)) {
                continue;
            }
            int n = g.members().size();
            List<Long> ids = g.members().stream().map(MessageInfo::id).distinct().toList();
            out.printf("  %s  %s  #%d %s -> %s %s%s id %s %s B%s%s: %s%s%n", g.id(),
                    d.times().span(g.first(), g.last()), m.flowId(), m.from(), m.to(), n > 1 ? n + " x " : "", m.verb(),
                    ids.size() == 1 ? String.valueOf(ids.get(0)) : ids.get(0) + ".." + ids.get(ids.size() - 1),
                    GroupedNumbers.of(m.size()),
                    m.digests() >= 0 ? ", " + m.digests() + " digests" : "", m.states() >= 0 ? ", " + m.states() + " states" : "",
                    m.fate(), m.note() == null ? "" : "  [" + m.note() + "]");
        }
        if (!allMessages) {
            out.println("  (only notable and undelivered messages listed; --all-messages lists every one)");
        }
        out.println();
    }

    private static void timeline(AnalyzeDigest d, PrintWriter out) {
        out.println("== Timeline   (on the first capture's clock; repeated events once, with their count)");
        for (AnalyzeDigest.Event e : d.timeline()) {
            out.printf("  %s  %s%s%s%n", d.times().at(e.first()), e.where() == null ? "" : "[" + e.where() + "] ", e.text(),
                    e.count() > 1 ? "  (" + e.count() + " times, until " + d.times().at(e.last()) + ")" : "");
        }
        if (d.report().timelineOmitted() > 0) {
            out.printf("  ... %d more events (--json has everything else)%n", d.report().timelineOmitted());
        }
    }

    private static void direction(PrintWriter out, String label, FlowInfo.FlowDirection d) {
        if (d.packets() == 0) {
            return;
        }
        out.printf("     %s %,d pkts, %,d data, %,d B%s%s, largest %d B%s%s%s%n", label, d.packets(), d.dataPackets(),
                d.bytes(), d.retransmissions() > 0 ? ", " + d.retransmissions() + " retransmitted" : "",
                d.superSegments() > 0 ? ", " + d.superSegments() + " TSO/GRO super-segments" : "",
                d.maxWireIpLength(), d.mss() > 0 ? ", MSS " + d.mss() : "",
                d.windowScale() >= 0 ? ", wscale " + d.windowScale() : "",
                d.undeliveredBytes() > 0 ? String.format(", %,d B NEVER DELIVERED", d.undeliveredBytes()) : "");
    }
}
