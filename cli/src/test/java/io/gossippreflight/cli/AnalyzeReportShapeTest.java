package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.cli.render.CiSummary;
import io.gossippreflight.cli.render.Fold;
import io.gossippreflight.fixtures.FixtureFiles;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The analyze report read as a person reads it: each fact once, short verdicts, clock times, CI summaries. */
class AnalyzeReportShapeTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Preflight.commandLine(out, err).execute(args);
    }

    static String[] sixPoint() {
        List<String> files = new ArrayList<>();
        for (String h : List.of("a", "sga", "ga", "gb", "sgb", "b")) {
            files.add(FixtureFiles.capture("preflight-node/six-point-" + h + ".pcap").toString());
        }
        return files.toArray(String[]::new);
    }

    static String[] blackHole() {
        List<String> files = new ArrayList<>();
        for (String h : List.of("a", "ga", "gb", "b")) {
            files.add(FixtureFiles.capture("cassandra-5.0.9/blackhole-16tokens-" + h + ".pcap").toString());
        }
        return files.toArray(String[]::new);
    }

    private static String[] args(String[] files, String... options) {
        List<String> a = new ArrayList<>(List.of("analyze"));
        a.addAll(List.of(options));
        a.addAll(List.of(files));
        return a.toArray(String[]::new);
    }

    private static String section(String report, String heading) {
        int s = report.startsWith("== " + heading) ? 0 : report.indexOf("\n== " + heading) + 1;
        int e = report.indexOf("\n== ", s + 3);
        return report.substring(s, e < 0 ? report.length() : e);
    }

    @Test
    void theSixPointSeedStoryNamesEachFactOnce() {
        assertEquals(ExitCode.PROBLEM, run(args(sixPoint())), err.toString());
        String o = out.toString();
        // nine ICMP frag-needed: eight that never reached a, and a ninth that came after a's capture had stopped
        // (no proof either way); each kind one line in the evidence, one in the ICMP detail, one in the timeline
        assertEquals(6, o.lines().filter(l -> l.contains("frag-needed from 198.18.3.2")).count(), o);
        assertTrue(section(o, "Evidence").contains("NEVER reached the sender (left sga#if3 toward 198.18.1.2 (a), never "
                + "seen at sga#if2: dropped between sga and a"), "where the ICMP died: " + o);
        assertTrue(section(o, "Evidence").contains("; the sender kept sending too-big packets "
                + "(8 times, 13:33:51.831969 .. 13:34:05.314611 (13 s))  -> I1"), o);
        assertTrue(section(o, "Evidence").contains("sga#if3; no capture at the sender when it came (at 13:34:18.626606)"), o);
        assertTrue(section(o, "ICMP").contains("I1  8 x frag-needed from 198.18.3.2, MTU 1422"), o);
        assertTrue(section(o, "ICMP").contains("I2  frag-needed from 198.18.3.2, MTU 1422"), o);
        assertTrue(o.contains("(8 times, until 13:34:05.314611)"), "the timeline folds them too: " + o);
        // no detail line twice
        Map<String, Integer> seen = new HashMap<>();
        for (String l : o.lines().map(String::strip).filter(l -> l.length() > 30 && !l.startsWith("clock ")).toList()) {
            seen.merge(l, 1, Integer::sum);
        }
        seen.forEach((l, n) -> assertEquals(1, n, "said " + n + " times: " + l));
        // the shadow-round story is said once in the verdict, not again as a note after it
        String verdicts = section(o, "Verdict").replace("\n  ", " ");
        assertEquals(2, verdicts.split("was waiting for the shadow-round reply", -1).length, verdicts);
        assertTrue(!o.contains("\ngossip: "), "not again as a note: " + o);
        assertTrue(section(o, "Evidence").contains("-> M2"), "evidence points at the message in the detail: " + o);
        assertTrue(o.contains("M2  13:33:51.831868  #1 198.18.1.2 (a) -> 198.18.2.2 (b) GOSSIP_DIGEST_ACK"), o);
    }

    @Test
    void verdictParagraphsAreThreeSentencesAtMost() throws Exception {
        for (String[] files : List.of(sixPoint(), blackHole())) {
            out.getBuffer().setLength(0);
            run(args(files, "--json"));
            JsonNode doc = new ObjectMapper().readTree(out.toString());
            out.getBuffer().setLength(0);
            run(args(files));
            String verdicts = section(out.toString(), "Verdict");
            for (JsonNode v : doc.get("verdicts")) {
                String p = Fold.paragraph(v.get("summary").asText(), 3);
                assertTrue(Fold.sentences(p).size() <= 3, p);
                String firstWords = p.substring(0, Math.min(40, p.length()));
                assertTrue(verdicts.contains(firstWords), firstWords + " in " + verdicts);
            }
        }
    }

    @Test
    void clockTimesWithTheDateOnceAndTheOffsetOfEveryCapture() {
        run(args(blackHole()));
        String o = out.toString();
        assertTrue(o.startsWith("== Verdict   (times in UTC on 2026-11-21;"), o);
        String caps = section(o, "Captures");
        assertTrue(caps.contains("a        blackhole-16tokens-a.pcap  pcap ethernet  899 packets  227,036 bytes  "
                + "20:34:13.006232 .. 20:35:29.893878 (77 s)"), caps);
        assertEquals(4, caps.lines().filter(l -> l.strip().startsWith("clock ")).count(), caps);
        assertTrue(caps.contains("clock reference"), caps);
        assertTrue(caps.contains("clock -0.5 us vs a (889 packets seen at both)"), caps);
        assertTrue(o.contains("20:34:17.037073"), "SCHEMA_PULL_RSP's time on the clock: " + o);

        out.getBuffer().setLength(0);
        run(args(blackHole(), "--time", "relative"));
        assertTrue(out.toString().contains("+4.030887s"), out.toString());
        assertEquals(ExitCode.USAGE, run(args(blackHole(), "--time", "local")));
    }

    @Test
    void repeatedConnectionAttemptsAreOneLine() {
        run(args(blackHole(), "--path", "a,ga,gb,b"));
        String o = out.toString();
        String conns = section(o, "Connections");
        assertTrue(conns.contains("#5-#12 (8 alike) 198.18.1.2:* -> 198.18.2.2:7000  20:35:22.871318 .. 20:35:29.893878"),
                conns);
        assertTrue(o.contains("8 connection attempt(s) to 198.18.2.2 (b) refused (RST) after earlier ones succeeded"), o);
        assertTrue(o.contains("-> #5-#12"), "the refusals point at the connections: " + o);
        assertTrue(o.lines().count() < 100, "the report runs to " + o.lines().count() + " lines");
    }

    @Test
    void jsonCarriesTheFoldedFindingsAndTheClockOffsets() throws Exception {
        run(args(sixPoint(), "--json"));
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        JsonNode hole = null;
        for (JsonNode v : doc.get("verdicts")) {
            if (v.get("status").asText().equals("BLACK_HOLE")) {
                hole = v;
            }
        }
        JsonNode icmp = null;
        for (JsonNode f : hole.get("findings")) {
            if (f.get("kind").asText().equals("ICMP_FRAG_NEEDED") && icmp == null) {
                icmp = f;
            }
        }
        assertEquals(8, icmp.get("count").asInt()); // the ninth came after a's capture had stopped: a finding of its own
        assertEquals("I1", icmp.at("/see/0").asText());
        assertEquals(9, hole.get("evidence").size() - 5 + 1, "the evidence keeps every fact for machines");
        assertEquals(6, doc.get("clockOffsets").size());
        assertEquals("a", doc.at("/clockOffsets/0/reference").asText());
    }

    @Test
    void markdownSummaryIsATablePerPathAndGoesToTheStepSummaryToo() throws Exception {
        Path md = dir.resolve("summary.md");
        Path step = dir.resolve("step-summary.md");
        Files.writeString(step, "earlier step\n");
        assertEquals(ExitCode.PROBLEM, run(args(blackHole(), "--markdown", md.toString())));
        String m = Files.readString(md);
        assertTrue(m.startsWith("### preflight analyze: FAILED (exit 1)\n"), m);
        assertTrue(m.contains("| direction | status | MTU | what breaks | fix |"), m);
        assertTrue(m.contains("| 198.18.1.2 (a) -&gt; 198.18.2.2 (b) | \u274c MTU BLACK HOLE | 757 &lt;= MTU &lt;= 4099 | "
                + "198.18.2.2 (b) was waiting for SCHEMA\\_PULL\\_RSP"), m);
        assertTrue(m.contains("on 198.18.1.2 (a): `preflight probe check 198.18.2.2:7000` |"), m);
        assertEquals(1, m.lines().filter(l -> l.startsWith("**")).count(), "one path: " + m);
        CiSummary.write(null, m, step.toString());
        CiSummary.write(null, m, step.toString());
        String s = Files.readString(step);
        assertTrue(s.startsWith("earlier step\n### preflight analyze"), "appended, never replaced: " + s);
        assertEquals(2, s.split("### preflight analyze", -1).length - 1);
    }
}
