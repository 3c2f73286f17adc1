package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The verdict block people read first: one heading per direction, the MTU, what happened in
 * at most three sentences, and the fixes to paste. Shared by {@code analyze} and {@code probe check}.
 */
public final class VerdictTextRenderer {
    /** Sentences of a verdict paragraph: the rest is in the evidence. */
    public static final int MAX_SENTENCES = 3;

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
            case TLS_FAILED: return "TLS FAILED";
            default: return "INCONCLUSIVE";
        }
    }

    /** The verdicts with their folded evidence under each (for callers without detail sections). */
    public static void render(List<PathVerdict> verdicts, PrintWriter out, boolean withEvidence) {
        for (PathVerdict v : verdicts) {
            render(v, out, Function.identity(), List.of());
            if (withEvidence && !v.evidence().isEmpty()) {
                out.println("  Evidence:");
                for (Fold.Folded f : Fold.evidence(v.evidence())) {
                    String span = Fold.countAndSpan(f.count(), null, null, null);
                    out.println("    - " + f.text() + (span.isEmpty() ? "" : " " + span));
                }
            }
            out.println();
        }
    }

    /**
     * One verdict: heading, MTU, paragraph, the evidence lines (or one pointing at them), fixes
     * (grouped by the host they run on), warnings. No blank line after it.
     *
     * @param host     how to name an address ("198.18.1.2 (a)")
     * @param evidence lines printed under the paragraph, indented by two spaces
     */
    public static void render(PathVerdict v, PrintWriter out, Function<String, String> host, List<String> evidence) {
        out.printf("%s -> %s: %s  (confidence %s)%n", host.apply(v.from()), host.apply(v.to()), headline(v.status()),
                v.confidence().name().toLowerCase(Locale.ROOT));
        out.printf("  MTU: %s%n", v.mtu().describe());
        for (String line : wrap(Fold.paragraph(v.summary(), MAX_SENTENCES), 96)) {
            out.println("  " + line);
        }
        for (String line : evidence) {
            out.println("  " + line);
        }
        if (!v.fixes().isEmpty()) {
            out.println("  Fix:");
            String where = null;
            for (Fix f : v.fixes()) {
                String w = f.where() == null ? "the sender" : f.where();
                if (!w.equals(where)) {
                    out.printf("    on %s:%n", w);
                    where = w;
                }
                out.printf("      %s%n", f.command());
                if (f.why() != null) {
                    out.printf("      # %s%n", f.why());
                }
            }
        }
        for (String w : v.warnings()) {
            out.println("  warning: " + w);
        }
    }

    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
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
