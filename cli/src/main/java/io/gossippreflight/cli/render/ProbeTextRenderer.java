package io.gossippreflight.cli.render;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.verdict.PathVerdict;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * {@code preflight probe check} for people, in the shape of the analyze report: per target, the
 * verdict of each direction (what happened in at most three sentences, the evidence folded, the
 * probes summed up per phase, the fixes), the messages this cluster needs and whether each
 * crosses, then notes and timings.
 */
public final class ProbeTextRenderer {
    private static final java.time.format.DateTimeFormatter WHEN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneOffset.UTC);

    private ProbeTextRenderer() {
    }

    public static void render(List<TargetReport> reports, PrintWriter out) {
        render(reports, out, null, false);
    }

    /**
     * @param started when the check started (shown in UTC), or null
     * @param strict a limit PMTUD copes with fails too (--strict)
     */
    public static void render(List<TargetReport> reports, PrintWriter out, Instant started, boolean strict) {
        for (TargetReport r : reports) {
            out.printf("%s: %s%s%n", r.target(), r.passed(strict) ? "PASS" : "FAIL",
                    started == null ? "" : "   (checked " + WHEN.format(started) + " UTC)");
            out.printf("  %s%s%s, from %s%n", kind(r),
                    r.messagingVersion() == null ? "" : ", messaging version " + r.messagingVersion(),
                    r.rttMillis() == null ? "" : String.format(Locale.ROOT, ", rtt %.2f ms", r.rttMillis()), r.local());
            out.println();
            direction(out, r, r.outbound(), Direction.OUTBOUND);
            direction(out, r, r.inbound(), Direction.INBOUND);
            if (r.needs() != null) {
                ClusterNeeds n = r.needs();
                out.printf("Messages this cluster needs (sized from %s; ~ an estimate):%n", n.source());
                for (ClusterNeeds.Needed x : n.messages()) {
                    out.printf(Locale.ROOT, "  %-12s %-40s %s%,9d B  largest packet %,6d B  %s%n", x.direction().arrow(),
                            x.name(), x.estimate() ? "~" : " ", x.bytes(), x.largestPacket(),
                            x.crosses() ? "crosses" : "CANNOT CROSS");
                }
                out.println();
            }
            for (String note : r.notes().stream().distinct().toList()) {
                out.println("note: " + note);
            }
            out.printf(Locale.ROOT, "%sthe check took %.1f s.%s%n", pinned(r.exactMillis()), r.elapsedMillis() / 1000.0,
                    r.tcpMtuProbing() == null ? "" : " net.ipv4.tcp_mtu_probing = " + r.tcpMtuProbing() + ".");
            out.println();
        }
        long failed = reports.stream().filter(r -> !r.passed(strict)).count();
        out.println(failed == 0 ? "RESULT: both directions pass for every target"
                + (reports.stream().anyMatch(ProbeTextRenderer::warned) ? " (see the warnings)" : "")
                : "RESULT: " + failed + " of " + reports.size() + " target" + (reports.size() == 1 ? "" : "s")
                        + " failed: see the " + (anyFix(reports) ? "fixes" : "verdicts") + " above");
        out.flush();
    }

    private static void direction(PrintWriter out, TargetReport r, PathVerdict v, Direction d) {
        List<String> lines = new java.util.ArrayList<>();
        List<Fold.Folded> facts = Fold.evidence(v.evidence());
        List<ProbeDigest.Phase> phases = ProbeDigest.phases(r, d);
        if (!facts.isEmpty() || !phases.isEmpty()) {
            lines.add("Evidence (" + d.arrow() + "):");
            for (Fold.Folded f : facts) {
                lines.add("  - " + f.text() + (f.count() > 1 ? " (" + f.count() + " times)" : ""));
            }
            for (ProbeDigest.Phase p : phases) {
                lines.add("  - " + p.text());
            }
        }
        VerdictTextRenderer.render(v, out, Function.identity(), lines);
        out.println();
    }

    /**
     * What answered. Without a handshake nothing did (refused, unreachable): the probe still
     * reports the kind it assumed for what to send, which says nothing about the target.
     */
    private static String kind(TargetReport r) {
        if (r.messagingVersion() == null) {
            return "no gossip answer";
        }
        return r.kind() == TargetKind.RESPONDER ? "our responder" : "a real node";
    }

    /** When each direction's limit was pinned; nothing when neither was (nothing to pin). */
    private static String pinned(long[] exactMillis) {
        if (exactMillis[0] < 0 && exactMillis[1] < 0) {
            return "";
        }
        return "Limits pinned after " + when(exactMillis[0]) + " (us -> target) and " + when(exactMillis[1])
                + " (target -> us); ";
    }

    private static boolean anyFix(List<TargetReport> reports) {
        return reports.stream().anyMatch(r -> !r.outbound().fixes().isEmpty() || !r.inbound().fixes().isEmpty());
    }

    private static boolean warned(TargetReport r) {
        return warned(r.outbound()) || warned(r.inbound());
    }

    private static boolean warned(PathVerdict v) {
        return v.status().isWarning() || v.status().isProblem() || !v.warnings().isEmpty();
    }

    private static String when(long millis) {
        return millis < 0 ? "never" : String.format(Locale.ROOT, "%.2f s", millis / 1000.0);
    }
}
