package io.gossippreflight.cli.render;

import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The CI views of a result: Markdown for a job summary or a pull-request comment (a short table
 * per path: status, MTU, what breaks, the fix) and the JUnit suites (one per path or target).
 */
public final class CiSummary {
    private CiSummary() {
    }

    /** Verdicts grouped by the pair of hosts they join, in first-seen order: one path each. */
    public static Map<String, List<PathVerdict>> byPath(List<PathVerdict> verdicts, Function<String, String> host) {
        Map<String, List<PathVerdict>> out = new LinkedHashMap<>();
        Map<String, String> keyOf = new LinkedHashMap<>();
        for (PathVerdict v : verdicts) {
            String k1 = v.from() + "\n" + v.to();
            String k2 = v.to() + "\n" + v.from();
            String key = keyOf.containsKey(k2) ? keyOf.get(k2) : keyOf.computeIfAbsent(k1,
                    k -> host.apply(v.from()) + " <-> " + host.apply(v.to()));
            out.computeIfAbsent(key, k -> new ArrayList<>()).add(v);
        }
        return out;
    }

    /** The JUnit suites of an analysis: one per path. */
    public static List<JunitXmlWriter.Suite> analyzeSuites(List<PathVerdict> verdicts, Function<String, String> host,
            double seconds, Instant started) {
        List<JunitXmlWriter.Suite> suites = new ArrayList<>();
        byPath(verdicts, host).forEach((path, vs) -> suites.add(new JunitXmlWriter.Suite(path, vs, seconds, null, started)));
        return suites;
    }

    /** The JUnit suites of a probe check: one per target, each direction timed until its limit was pinned. */
    public static List<JunitXmlWriter.Suite> probeSuites(List<TargetReport> reports, Instant started) {
        List<JunitXmlWriter.Suite> suites = new ArrayList<>();
        for (TargetReport r : reports) {
            long[] exact = r.exactMillis();
            double all = r.elapsedMillis() / 1000.0;
            double[] each = {exact[0] >= 0 ? exact[0] / 1000.0 : all, exact[1] >= 0 ? exact[1] / 1000.0 : all};
            suites.add(new JunitXmlWriter.Suite(r.target(), List.of(r.outbound(), r.inbound()), all, each, started));
        }
        return suites;
    }

    /** Markdown of an analysis. */
    public static String analyze(List<PathVerdict> verdicts, Function<String, String> host, int exitCode) {
        StringBuilder sb = new StringBuilder();
        sb.append("### preflight analyze: ").append(exitCode == 0 ? "passed" : "FAILED").append(" (exit ").append(exitCode)
                .append(")\n\n");
        if (verdicts.isEmpty()) {
            sb.append("No TCP connections to judge.\n");
        }
        byPath(verdicts, host).forEach((path, vs) -> table(sb, path, vs, host, v -> whatBreaks(v)));
        return sb.toString();
    }

    /** Markdown of a probe check. */
    public static String probe(List<TargetReport> reports, int exitCode) {
        StringBuilder sb = new StringBuilder();
        sb.append("### preflight probe check: ").append(exitCode == 0 ? "passed" : "FAILED").append(" (exit ")
                .append(exitCode).append(")\n\n");
        for (TargetReport r : reports) {
            table(sb, r.target() + (r.passed() ? "" : " (would not gossip)"), List.of(r.outbound(), r.inbound()),
                    Function.identity(), v -> {
                        String needs = cannotCross(r, v == r.outbound());
                        return needs != null ? needs : whatBreaks(v);
                    });
        }
        return sb.toString();
    }

    private static String cannotCross(TargetReport r, boolean outbound) {
        ClusterNeeds n = r.needs();
        if (n == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (ClusterNeeds.Needed x : n.messages()) {
            boolean mine = x.direction().name().equals(outbound ? "OUTBOUND" : "INBOUND");
            if (mine && !x.crosses()) {
                out.add(String.format("%s (%,d B) cannot cross", x.name(), x.bytes()));
            }
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    /** What the verdict breaks, in one line: the message a node waited for, else the verdict's first sentence. */
    static String whatBreaks(PathVerdict v) {
        if (!v.status().isProblem() && !v.status().isWarning()) {
            return "nothing";
        }
        for (Evidence e : v.evidence()) {
            if (e.kind() == Evidence.Kind.GOSSIP_MESSAGE_LOST || e.kind() == Evidence.Kind.GOSSIP_IGNORED) {
                return e.summary();
            }
        }
        return Fold.paragraph(v.summary(), 1);
    }

    private static void table(StringBuilder sb, String path, List<PathVerdict> vs, Function<String, String> host,
            Function<PathVerdict, String> breaks) {
        sb.append("**").append(md(path)).append("**\n\n");
        sb.append("| direction | status | MTU | what breaks | fix |\n|---|---|---|---|---|\n");
        for (PathVerdict v : vs) {
            Fix fix = v.fixes().isEmpty() ? null : v.fixes().get(0);
            sb.append("| ").append(md(host.apply(v.from()) + " -> " + host.apply(v.to()))).append(" | ")
                    .append(mark(v.status())).append(' ').append(md(VerdictTextRenderer.headline(v.status()))).append(" | ")
                    .append(md(v.mtu().describe())).append(" | ").append(md(breaks.apply(v))).append(" | ")
                    .append(fix == null ? "" : "on " + md(fix.where() == null ? "the sender" : fix.where()) + ": "
                            + code(fix.command()))
                    .append(" |\n");
        }
        sb.append('\n');
    }

    private static String mark(PathStatus s) {
        return s.isProblem() ? "\u274c" : s.isWarning() || s == PathStatus.INCONCLUSIVE ? "\u26a0\ufe0f" : "\u2705";
    }

    /** Text safe in a Markdown table cell. */
    static String md(String s) {
        return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("<", "&lt;").replace(">", "&gt;")
                .replace("*", "\\*").replace("_", "\\_").replace("`", "\\`");
    }

    /** A command as inline code in a table cell (pipes escaped: GitHub reads them as cell borders even in code). */
    static String code(String s) {
        String c = s.replace("|", "\\|").replace("\n", " ");
        String fence = c.contains("`") ? "`` " : "`";
        return fence + c + (fence.length() > 1 ? " ``" : "`");
    }

    /** Writes the Markdown to FILE (atomically) and appends it to $GITHUB_STEP_SUMMARY when that is set. */
    public static void write(Path file, String markdown, String githubStepSummary) throws IOException {
        if (file != null) {
            AtomicFiles.write(file, markdown);
        }
        if (githubStepSummary != null && !githubStepSummary.isBlank()) {
            // the job summary collects every step's part: append, never replace
            Files.writeString(Path.of(githubStepSummary), markdown + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
