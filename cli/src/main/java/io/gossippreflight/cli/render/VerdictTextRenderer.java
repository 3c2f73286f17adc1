package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/**
 * The verdict block people read first: one heading per direction, the MTU, a sentence or two,
 * and the fixes to paste. Shared by {@code analyze} and {@code probe check}.
 */
public final class VerdictTextRenderer {
    private VerdictTextRenderer() {
    }

    public static String headline(PathStatus s) {
        switch (s) {
            case HEALTHY: return "HEALTHY";
            case PMTUD_WORKS: return "OK, PMTUD WORKS (smaller MTU signalled by ICMP)";
            case MSS_CLAMPED: return "OK FOR TCP, MSS CLAMPED";
            case BLACK_HOLE: return "MTU BLACK HOLE";
            case RANDOM_LOSS: return "PACKET LOSS";
            case UNREACHABLE: return "UNREACHABLE";
            case REFUSED: return "REFUSED";
            case MISMATCH: return "GOSSIP IGNORED (MISMATCH)";
            case TLS_EXPECTED: return "TLS EXPECTED";
            default: return "INCONCLUSIVE";
        }
    }

    public static void render(List<PathVerdict> verdicts, PrintWriter out, boolean withEvidence) {
        for (PathVerdict v : verdicts) {
            out.printf("%s -> %s: %s  (confidence %s)%n", v.from(), v.to(), headline(v.status()),
                    v.confidence().name().toLowerCase(Locale.ROOT));
            out.printf("  MTU: %s%n", v.mtu().describe());
            for (String line : wrap(v.summary(), 96)) {
                out.println("  " + line);
            }
            if (!v.fixes().isEmpty()) {
                out.println("  Fix:");
                for (Fix f : v.fixes()) {
                    out.printf("    on %s:%n      %s%n", f.where() == null ? "the sender" : f.where(), f.command());
                    if (f.why() != null) {
                        out.printf("      # %s%n", f.why());
                    }
                }
            }
            for (String w : v.warnings()) {
                out.println("  warning: " + w);
            }
            if (withEvidence && !v.evidence().isEmpty()) {
                out.println("  Evidence:");
                for (Evidence e : v.evidence()) {
                    out.println("    - " + e.summary());
                }
            }
            out.println();
        }
    }

    static List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
