package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.fixtures.FixtureFiles;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class AnalyzeCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        return Preflight.commandLine(out, err).execute(args);
    }

    static String cap(String name) {
        return FixtureFiles.capture("cassandra-5.0.9/" + name + ".pcap").toString();
    }

    @Test
    void blackHoleIsExitOneWithTheVerdictFirst() {
        assertEquals(ExitCode.PROBLEM, run("analyze", "a=" + cap("blackhole-16tokens-a"), "ga=" + cap("blackhole-16tokens-ga"),
                "gb=" + cap("blackhole-16tokens-gb"), "b=" + cap("blackhole-16tokens-b")), err.toString());
        String o = out.toString();
        assertTrue(o.startsWith("== Verdict\n"), o);
        int verdictEnd = o.indexOf("== Evidence");
        String verdict = o.substring(0, verdictEnd);
        assertTrue(verdict.contains("198.18.1.2 -> 198.18.2.2: MTU BLACK HOLE"), verdict);
        assertTrue(verdict.contains("MTU: 757 <= MTU <= 4099"), verdict);
        assertTrue(verdict.contains("between ga and gb"), verdict);
        assertTrue(verdict.contains("preflight probe check 198.18.2.2:7000"), verdict);
        assertTrue(verdict.contains("was waiting for SCHEMA_PULL_RSP (12,987 bytes"), verdict);
        assertTrue(o.indexOf("== Connections") < o.indexOf("== Gossip messages"), "detail after the verdict");
        assertTrue(o.indexOf("== Gossip messages") < o.indexOf("== Timeline"), "timeline last");
        assertTrue(o.contains("SCHEMA_PULL_RSP id 9 12,987 B: died between ga and gb"), o);
        assertEquals("", err.toString());
    }

    @Test
    void healthyJoinIsExitZero() {
        assertEquals(ExitCode.OK, run("analyze", cap("two-node-join-a"), cap("two-node-join-b")));
        assertTrue(out.toString().contains("198.18.1.2 -> 198.18.2.2: HEALTHY"), out.toString());
        assertTrue(out.toString().contains("== Gossip messages (351; 0 not delivered)"), out.toString());
    }

    @Test
    void pmtudThatWorksIsExitZeroWithAWarning() {
        assertEquals(ExitCode.OK, run("analyze", cap("control-pmtud-icmp-allowed-a"), cap("control-pmtud-icmp-allowed-ga")));
        String o = out.toString();
        assertTrue(o.contains("OK, PMTUD WORKS"), o);
        assertTrue(o.contains("MTU: 1422 (from ICMP)"), o);
        assertTrue(o.contains("warning: PMTUD depends on ICMP"), o);
    }

    @Test
    void jsonIsOneVersionedDocument() throws Exception {
        assertEquals(ExitCode.PROBLEM, run("analyze", "--json", "--path", "b,gb,ga,a", cap("blackhole-16tokens-a"),
                cap("blackhole-16tokens-ga"), cap("blackhole-16tokens-gb"), cap("blackhole-16tokens-b")));
        JsonNode doc = new ObjectMapper().readTree(out.toString());
        assertEquals("gossip-preflight/analyze/v1", doc.get("schema").asText());
        assertEquals("BLACK_HOLE", doc.at("/result/status").asText());
        assertEquals(1, doc.at("/result/exitCode").asInt());
        JsonNode ab = null;
        for (JsonNode v : doc.get("verdicts")) {
            if (v.get("from").asText().startsWith("198.18.1.2")) {
                ab = v;
            }
        }
        assertEquals("BLACK_HOLE", ab.get("status").asText());
        assertTrue(ab.get("problem").asBoolean());
        assertTrue(ab.at("/mtu/exact").isNull());
        assertEquals(757, ab.at("/mtu/lowerBound").asInt());
        assertEquals(4099, ab.at("/mtu/upperBound").asInt());
        assertEquals("MEASURE", ab.at("/fixes/0/kind").asText());
        assertEquals("GOSSIP_MESSAGE_LOST", ab.at("/evidence/0/kind").asText());
        assertEquals("SCHEMA_PULL_RSP", ab.at("/evidence/0/facts/verb").asText());
        assertEquals("given", doc.at("/paths/0/basis").asText());
        assertEquals(12997, doc.at("/losses/0/bytes").asInt());
        assertEquals("ga#if2", doc.at("/losses/0/lastSeen").asText());
        assertEquals(413, doc.get("messages").size());
        assertEquals(4, doc.get("captures").size());
        assertTrue(doc.at("/timeline/0/time").asText().endsWith("Z"));
    }

    @Test
    void junitReportIsWrittenAtomicallyWithOneFailure() throws Exception {
        Path xml = dir.resolve("reports/analyze.xml");
        assertEquals(ExitCode.PROBLEM, run("analyze", "--junit", xml.toString(), cap("blackhole-16tokens-a")));
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        assertEquals("2", d.getDocumentElement().getAttribute("tests"));
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals(1, d.getElementsByTagName("failure").getLength());
        assertEquals("BLACK_HOLE", ((org.w3c.dom.Element) d.getElementsByTagName("failure").item(0)).getAttribute("type"));
        try (var files = Files.list(xml.getParent())) {
            assertEquals(1, files.count(), "no temp file left behind");
        }
    }

    @Test
    void truncatedCaptureIsOneLineExitTwoAndKeepGoingAnalysesTheRest() throws Exception {
        byte[] real = Files.readAllBytes(Path.of(cap("blackhole-16tokens-a")));
        Path cut = dir.resolve("cut.pcap");
        Files.write(cut, Arrays.copyOf(real, real.length - 100));
        assertEquals(ExitCode.USAGE, run("analyze", cut.toString()));
        String e = err.toString();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("preflight: " + cut + ": offset "), e);
        assertTrue(e.contains("truncated record") && e.contains("--keep-going"), e);
        assertFalse(e.contains("\tat "), e);

        StringWriter o2 = new StringWriter();
        StringWriter e2 = new StringWriter();
        int code = Preflight.commandLine(o2, e2).execute("analyze", "--keep-going", cut.toString());
        assertEquals(ExitCode.PROBLEM, code, e2.toString());
        assertTrue(o2.toString().contains("warning: capture cut is damaged; analysed the 897 packets before the problem"),
                o2.toString());
        assertTrue(o2.toString().contains("MTU BLACK HOLE"));
    }

    @Test
    void badInputsAreUsageErrors() throws Exception {
        assertEquals(ExitCode.USAGE, run("analyze"));
        assertTrue(err.toString().contains("give capture files"), err.toString());
        assertEquals(ExitCode.USAGE, run("analyze", dir.resolve("missing.pcap").toString()));
        assertTrue(err.toString().contains("no such capture file"), err.toString());
        Path text = Files.writeString(dir.resolve("notes.txt"), "this is not a capture file, just words");
        assertEquals(ExitCode.USAGE, run("analyze", text.toString()));
        assertTrue(err.toString().contains("not a pcap file"), err.toString());
        assertEquals(ExitCode.USAGE, run("analyze", "--path", "a,zz", "a=" + cap("blackhole-16tokens-a")));
        assertTrue(err.toString().contains("--path names 'zz'"), err.toString());
        assertEquals(ExitCode.USAGE, run("analyze", "--duration", "5", cap("blackhole-16tokens-a")));
        assertEquals(ExitCode.USAGE, run("analyze", "x=" + cap("blackhole-16tokens-a"), "x=" + cap("blackhole-16tokens-b")));
        assertTrue(err.toString().contains("two captures are named 'x'"), err.toString());
    }

    @Test
    void libpcapReaderGivesTheSameVerdict() {
        assertEquals(ExitCode.PROBLEM, run("analyze", "--reader", "pcap4j", cap("blackhole-16tokens-a"),
                cap("blackhole-16tokens-b")));
        assertTrue(out.toString().contains("MTU BLACK HOLE"), out.toString());
    }

    @Test
    void helpListsAnalyzeAndCapture() {
        assertEquals(ExitCode.OK, run("--help"));
        assertTrue(out.toString().contains("  analyze "), out.toString());
        assertTrue(out.toString().contains("  capture "), out.toString());
    }
}
