package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathVerdict;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verdicts as a JUnit XML report for CI (the format Surefire writes and Jenkins reads): one
 * {@code <testsuite>} per path or target inside {@code <testsuites>}, one test case per
 * direction, failed when the direction has a problem. Written atomically, mode 0644.
 */
public final class JunitXmlWriter {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private JunitXmlWriter() {
    }

    /**
     * One path (analyze: two hosts, both directions) or one target (probe check).
     *
     * @param name      e.g. "198.18.1.2 (a) <-> 198.18.2.2 (b)"
     * @param verdicts  one test case each
     * @param seconds   how long finding them took
     * @param caseSeconds per verdict, how long that direction took (null: the suite's time shared out)
     * @param started   when the check or analysis started
     */
    public record Suite(String name, List<PathVerdict> verdicts, double seconds, double[] caseSeconds, Instant started) {
    }

    public static String render(String tool, List<Suite> suites) {
        long tests = suites.stream().mapToLong(s -> s.verdicts().size()).sum();
        long failures = suites.stream().flatMap(s -> s.verdicts().stream()).filter(v -> v.status().isProblem()).count();
        double total = suites.stream().mapToDouble(Suite::seconds).max().orElse(0);
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuites name=\"").append(esc(tool)).append("\" tests=\"").append(tests).append("\" failures=\"")
                .append(failures).append("\" errors=\"0\" time=\"").append(seconds(total)).append("\">\n");
        String host = hostname();
        for (Suite s : suites) {
            long f = s.verdicts().stream().filter(v -> v.status().isProblem()).count();
            sb.append("  <testsuite name=\"").append(esc(tool + " " + s.name())).append("\" tests=\"")
                    .append(s.verdicts().size()).append("\" failures=\"").append(f)
                    .append("\" errors=\"0\" skipped=\"0\" time=\"").append(seconds(s.seconds())).append("\" timestamp=\"")
                    .append(TIMESTAMP.format(s.started())).append("\" hostname=\"").append(esc(host)).append("\">\n");
            for (int i = 0; i < s.verdicts().size(); i++) {
                PathVerdict v = s.verdicts().get(i);
                double t = s.caseSeconds() != null ? s.caseSeconds()[i] : s.seconds() / Math.max(1, s.verdicts().size());
                sb.append("    <testcase classname=\"").append(esc(tool + "." + s.name())).append("\" name=\"")
                        .append(esc(v.direction())).append("\" time=\"").append(seconds(t)).append("\">\n");
                String body = body(v);
                if (v.status().isProblem()) {
                    sb.append("      <failure type=\"").append(v.status().name()).append("\" message=\"")
                            .append(esc(message(v))).append("\">").append(esc(body)).append("</failure>\n");
                } else {
                    sb.append("      <system-out>").append(esc(VerdictTextRenderer.headline(v.status()) + "\n" + body))
                            .append("</system-out>\n");
                }
                sb.append("    </testcase>\n");
            }
            sb.append("  </testsuite>\n");
        }
        sb.append("</testsuites>\n");
        return sb.toString();
    }

    /** One line: the verdict's first sentence, its status named first unless the sentence already does. */
    static String message(PathVerdict v) {
        String first = Fold.paragraph(v.summary(), 1);
        String description = v.status().description();
        Set<String> words = Set.of(description.toLowerCase(Locale.ROOT).split("\\W+"));
        String[] lead = first.toLowerCase(Locale.ROOT).split("\\W+");
        for (int i = 0; i < Math.min(4, lead.length); i++) {
            if (lead[i].length() > 2 && words.contains(lead[i])) {
                return first + " MTU: " + v.mtu().describe() + ".";
            }
        }
        return description + ": " + first + " MTU: " + v.mtu().describe() + ".";
    }

    private static String body(PathVerdict v) {
        StringBuilder body = new StringBuilder();
        body.append(Fold.paragraph(v.summary(), VerdictTextRenderer.MAX_SENTENCES)).append('\n');
        body.append("MTU: ").append(v.mtu().describe()).append('\n');
        for (Fold.Folded f : Fold.evidence(v.evidence())) {
            body.append("- ").append(f.text()).append(f.count() > 1 ? " (" + f.count() + " times)" : "").append('\n');
        }
        for (Fix f : v.fixes()) {
            body.append("fix on ").append(f.where()).append(": ").append(f.command()).append('\n');
        }
        for (String w : v.warnings()) {
            body.append("warning: ").append(w).append('\n');
        }
        return body.toString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", Math.max(0, s));
    }

    /** This machine's name without a DNS lookup (which can hang where DNS is broken). */
    private static String hostname() {
        try {
            String h = java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
            if (!h.isEmpty()) {
                return h;
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }

    public static void write(Path file, String tool, List<Suite> suites) throws IOException {
        AtomicFiles.write(file, render(tool, suites));
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\'': sb.append("&apos;"); break;
                default:
                    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
                        sb.append(' '); // not allowed in XML 1.0
                    } else {
                        sb.append(c);
                    }
            }
        }
        return sb.toString();
    }
}
