package io.gossippreflight.cli.render;

import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.analyzer.report.TimelineEvent;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code preflight analyze} as text: the verdicts first (what to do), then connections, lost
 * byte ranges, ICMP and gossip messages, then a timeline.
 */
public final class AnalyzeTextRenderer {
    /** Messages listed one by one unless --all-messages: notable ones always, the rest counted. */
    private final boolean allMessages;

    public AnalyzeTextRenderer(boolean allMessages) {
        this.allMessages = allMessages;
    }

    public void render(AnalysisReport r, PrintWriter out) {
        long zero = r.captures().stream().filter(c -> c.packets() > 0).mapToLong(CaptureSummary::firstTime).min().orElse(0);
        out.println("== Verdict");
        if (r.verdicts().isEmpty()) {
            out.println("No TCP connections to judge.");
            out.println();
        }
        VerdictTextRenderer.render(r.verdicts(), out, false);
        for (String n : r.gossipNotes()) {
            out.println("gossip: " + n);
        }
        for (String w : r.warnings()) {
            out.println("warning: " + w);
        }
        if (!r.gossipNotes().isEmpty() || !r.warnings().isEmpty()) {
            out.println();
        }

        out.println("== Evidence");
        for (var v : r.verdicts()) {
            out.printf("%s -> %s%n", v.from(), v.to());
            for (var e : v.evidence()) {
                out.println("  - " + e.summary());
            }
        }
        out.println();

        out.println("== Captures");
        for (CaptureSummary c : r.captures()) {
            String links = c.interfaces().stream().map(i -> LinkType.name(i.linkType())).distinct()
                    .collect(Collectors.joining(","));
            out.printf("  %-8s %s  %s %s  %,d packets  %,d bytes  %.3f s%s%s%n", c.name(), c.source(), c.format(), links,
                    c.packets(), c.bytes(), c.durationSeconds(),
                    c.truncated() > 0 ? String.format("  %,d cut by snaplen", c.truncated()) : "",
                    c.stoppedEarly() != null ? "  DAMAGED (read until the problem)" : "");
        }
        out.println();

        out.println("== Path" + (r.paths().stream().anyMatch(p -> p.basis().equals("given")) ? " (as given by --path)"
                : " (inferred from TTL and timing)"));
        for (PathInfo p : r.paths()) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < p.points().size(); i++) {
                sb.append(i == 0 ? "" : " > ").append(p.points().get(i));
            }
            out.printf("  %s -> %s: %s%n", p.from(), p.to(), sb);
        }
        out.println();

        out.println("== Connections");
        for (FlowInfo f : r.flows()) {
            out.printf("  #%d %s -> %s  %s, %s; seen at %s%s%n", f.id(), f.client(), f.server(),
                    Times.since(f.firstTime(), zero), f.end(), String.join(", ", f.seenAt()), f.tls() ? "; TLS" : "");
            direction(out, "c>s", f.clientToServer());
            direction(out, "s>c", f.serverToClient());
        }
        out.println();

        if (!r.losses().isEmpty()) {
            out.println("== Lost byte ranges");
            for (LossInfo l : r.losses()) {
                out.printf("  #%d %s -> %s bytes %d-%d (%,d B): %d lost cop%s of %s B, %s; %s%n", l.flowId(), l.from(),
                        l.to(), l.start(), l.end(), l.bytes(), l.copies(), l.copies() == 1 ? "y" : "ies",
                        l.minIpLength() == l.maxIpLength() ? String.valueOf(l.minIpLength())
                                : l.minIpLength() + "-" + l.maxIpLength(),
                        l.between(), l.delivered() ? "a later copy got through" : "NEVER DELIVERED");
            }
            out.println();
        }

        if (!r.icmp().isEmpty()) {
            out.println("== ICMP frag-needed / Packet Too Big");
            for (IcmpInfo i : r.icmp()) {
                out.printf("  %s  from %s MTU %d%s about %s (%d-byte packet%s); seen at %s; %s; %s%n",
                        Times.since(i.timeNanos(), zero), i.router(), i.mtu(), i.plateau() ? " (plateau)" : "", i.about(),
                        i.quotedLength(), i.flowId() >= 0 ? ", connection #" + i.flowId() + " byte " + i.quotedStart() : "",
                        String.join(", ", i.seenAt()),
                        i.reachedSender() == null ? "sender not captured" : i.reachedSender() ? "reached the sender"
                                : "NEVER reached the sender" + (i.lost() == null ? "" : " (" + i.lost() + ")"),
                        i.senderReacted() == null ? "reaction unknown" : i.senderReacted() ? "sender adapted"
                                : "sender kept sending too-big packets");
            }
            out.println();
        }

        if (!r.messages().isEmpty()) {
            Map<String, Long> counts = new LinkedHashMap<>();
            long lost = 0;
            for (MessageInfo m : r.messages()) {
                counts.merge(m.verb(), 1L, Long::sum);
                lost += m.delivered() ? 0 : 1;
            }
            out.printf("== Gossip messages (%d; %d not delivered)%n", r.messages().size(), lost);
            out.println("  " + counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                    .collect(Collectors.joining(", ")));
            for (MessageInfo m : r.messages()) {
                if (allMessages || m.note() != null || !m.delivered()) {
                    out.printf("  %s  #%d %s -> %s %s id %d %,d B%s%s: %s%s%n", Times.since(m.timeNanos(), zero), m.flowId(),
                            m.from(), m.to(), m.verb(), m.id(), m.size(),
                            m.digests() >= 0 ? ", " + m.digests() + " digests" : "",
                            m.states() >= 0 ? ", " + m.states() + " states" : "", m.fate(),
                            m.note() == null ? "" : "  [" + m.note() + "]");
                }
            }
            if (!allMessages) {
                out.println("  (only notable and undelivered messages listed; --all-messages lists every one)");
            }
            out.println();
        }

        out.println("== Timeline");
        for (TimelineEvent e : r.timeline()) {
            out.printf("  %s  %s%s%n", Times.since(e.timeNanos(), zero), e.where() == null ? "" : "[" + e.where() + "] ",
                    e.text());
        }
        if (r.timelineOmitted() > 0) {
            out.printf("  ... %d more events (--json has everything else)%n", r.timelineOmitted());
        }
        out.flush();
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
