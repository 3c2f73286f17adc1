package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * {@code preflight probe check} for people: per target, the verdict of each direction (shared
 * block), the messages this cluster needs and whether each crosses, then notes and timings.
 */
public final class ProbeTextRenderer {
    private ProbeTextRenderer() {
    }

    public static void render(List<TargetReport> reports, PrintWriter out) {
        render(reports, out, false);
    }

    /** {@code strict}: a limit PMTUD copes with fails too (--strict). */
    public static void render(List<TargetReport> reports, PrintWriter out, boolean strict) {
        for (TargetReport r : reports) {
            out.printf("%s: %s%n", r.target(), r.passed(strict) ? "PASS" : "FAIL");
            out.printf("  %s%s%s, from %s%n", r.kind() == null ? "not reached" : r.kind() == TargetKind.RESPONDER
                    ? "our responder" : "a real node",
                    r.messagingVersion() == null ? "" : ", messaging version " + r.messagingVersion(),
                    r.rttMillis() == null ? "" : String.format(Locale.ROOT, ", rtt %.2f ms", r.rttMillis()), r.local());
            out.println();
            VerdictTextRenderer.render(List.of(r.outbound(), r.inbound()), out, false);
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
            for (String note : r.notes()) {
                out.println("note: " + note);
            }
            String pinned = r.exactMillis()[0] < 0 && r.exactMillis()[1] < 0 ? ""
                    : String.format(Locale.ROOT, "Limits pinned after %s (us -> target) and %s (target -> us); ",
                            when(r.exactMillis()[0]), when(r.exactMillis()[1]));
            out.printf(Locale.ROOT, "%sthe check took %.1f s.%s%n", pinned, r.elapsedMillis() / 1000.0,
                    r.tcpMtuProbing() == null ? "" : " net.ipv4.tcp_mtu_probing = " + r.tcpMtuProbing() + ".");
            out.println();
        }
        long failed = reports.stream().filter(r -> !r.passed(strict)).count();
        boolean fixes = reports.stream().anyMatch(r -> !r.outbound().fixes().isEmpty() || !r.inbound().fixes().isEmpty());
        out.println(failed == 0 ? "RESULT: both directions pass for every target"
                + (reports.stream().anyMatch(ProbeTextRenderer::warned) ? " (see the warnings)" : "")
                : "RESULT: " + failed + " of " + reports.size() + " target" + (reports.size() == 1 ? "" : "s")
                        + " failed" + (fixes ? ": see the fixes above" : ": see the verdicts above"));
        out.flush();
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
