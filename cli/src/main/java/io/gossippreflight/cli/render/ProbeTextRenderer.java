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
        for (TargetReport r : reports) {
            out.printf("%s: %s%n", r.target(), r.passed() ? "PASS" : "FAIL");
            out.printf("  %s%s%s, from %s%n", r.kind() == TargetKind.RESPONDER ? "our responder" : "a real node",
                    r.messagingVersion() == null ? "" : ", messaging version " + r.messagingVersion(),
                    r.rttMillis() == null ? "" : String.format(Locale.ROOT, ", rtt %.2f ms", r.rttMillis()), r.local());
            out.println();
            VerdictTextRenderer.render(List.of(r.outbound(), r.inbound()), out, false);
            if (r.needs() != null) {
                ClusterNeeds n = r.needs();
                out.printf("Messages this cluster needs (%s: %d endpoint%s x %d tokens):%n", n.source(), n.endpoints(),
                        n.endpoints() == 1 ? "" : "s", n.tokens());
                for (ClusterNeeds.Needed x : n.messages()) {
                    out.printf(Locale.ROOT, "  %-12s %-40s %,9d B  largest packet %,6d B  %s%n", x.direction().arrow(),
                            x.name(), x.bytes(), x.largestPacket(), x.crosses() ? "crosses" : "CANNOT CROSS");
                }
                out.println();
            }
            for (String note : r.notes()) {
                out.println("note: " + note);
            }
            out.printf(Locale.ROOT, "Limits pinned after %s (us -> target) and %s (target -> us); the check took %.1f s.%s%n",
                    when(r.exactMillis()[0]), when(r.exactMillis()[1]), r.elapsedMillis() / 1000.0,
                    r.tcpMtuProbing() == null ? "" : " net.ipv4.tcp_mtu_probing = " + r.tcpMtuProbing() + ".");
            out.println();
        }
        long failed = reports.stream().filter(r -> !r.passed()).count();
        out.println(failed == 0 ? "RESULT: every message this cluster needs crosses both ways"
                + (reports.stream().anyMatch(ProbeTextRenderer::warned) ? " (see the warnings)" : "")
                : "RESULT: " + failed + " of " + reports.size() + " target" + (reports.size() == 1 ? "" : "s")
                        + " would not gossip: see the fixes above");
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
