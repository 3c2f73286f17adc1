package io.gossippreflight.cli.render;

import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathVerdict;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Verdicts as a JUnit XML report for CI: one test case per direction, failed when the
 * direction has a problem. Written atomically.
 */
public final class JunitXmlWriter {
    private JunitXmlWriter() {
    }

    public static String render(String suite, List<PathVerdict> verdicts, double seconds) {
        long failures = verdicts.stream().filter(v -> v.status().isProblem()).count();
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<testsuite name=\"").append(esc(suite)).append("\" tests=\"").append(verdicts.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"0\" time=\"")
                .append(String.format(java.util.Locale.ROOT, "%.3f", seconds)).append("\">\n");
        for (PathVerdict v : verdicts) {
            sb.append("  <testcase classname=\"").append(esc(suite)).append("\" name=\"").append(esc(v.direction()))
                    .append("\" time=\"0\">\n");
            StringBuilder body = new StringBuilder();
            body.append(v.summary()).append('\n').append("MTU: ").append(v.mtu().describe()).append('\n');
            for (Evidence e : v.evidence()) {
                body.append("- ").append(e.summary()).append('\n');
            }
            for (Fix f : v.fixes()) {
                body.append("fix on ").append(f.where()).append(": ").append(f.command()).append('\n');
            }
            if (v.status().isProblem()) {
                sb.append("    <failure type=\"").append(v.status().name()).append("\" message=\"")
                        .append(esc(v.status().description() + ": " + v.summary())).append("\">")
                        .append(esc(body.toString())).append("</failure>\n");
            } else {
                sb.append("    <system-out>").append(esc(v.status().name() + "\n" + body)).append("</system-out>\n");
            }
            sb.append("  </testcase>\n");
        }
        sb.append("</testsuite>\n");
        return sb.toString();
    }

    public static void write(Path file, String suite, List<PathVerdict> verdicts, double seconds) throws IOException {
        AtomicFiles.write(file, render(suite, verdicts, seconds));
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
