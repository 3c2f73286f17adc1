package io.gossippreflight.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fixes;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

public class JunitXmlWriterTest {
    @TempDir
    Path dir;

    static final PathVerdict HOLE = new PathVerdict("198.18.1.2", "198.18.2.2", PathStatus.BLACK_HOLE,
            new MtuEstimate(null, null, 757, 4100, null, MtuEstimate.Source.NONE), Confidence.HIGH,
            "MTU black hole: packets > 4099 <die> & \"vanish\".", List.of(Evidence.of(Evidence.Kind.NO_ICMP, null, null,
                    "no ICMP\u0001")), List.of(Fixes.measure("a", "198.18.2.2", 7000)), List.of());
    static final PathVerdict OK = new PathVerdict("198.18.2.2", "198.18.1.2", PathStatus.HEALTHY, null, Confidence.HIGH,
            "fine", null, null, null);
    static final PathVerdict PROBE_HOLE = new PathVerdict("198.18.2.2", "198.18.1.2", PathStatus.BLACK_HOLE,
            new MtuEstimate(1422, null, 1422, 1423, null, MtuEstimate.Source.BISECTION), Confidence.HIGH,
            "silent black hole us → target: packets over 1422 bytes vanish and no ICMP reaches the sender (path MTU 1422)",
            null, null, null);
    static final PathVerdict LOSS = new PathVerdict("198.18.2.2", "198.18.1.2", PathStatus.RANDOM_LOSS, null, Confidence.MEDIUM,
            "3 of 40 packets from b were lost.", null, null, null);

    static final Instant STARTED = Instant.parse("2026-12-06T13:33:51.250Z");

    static Validator validator() throws Exception {
        SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        try (var in = JunitXmlWriterTest.class.getResourceAsStream("/junit/junit-10.xsd")) {
            return f.newSchema(new StreamSource(in)).newValidator();
        }
    }

    /** Fails the test when Jenkins' JUnit schema rejects the document. */
    public static void validate(String xml) throws Exception {
        validator().validate(new StreamSource(new StringReader(xml)));
    }

    static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theSchemaRejectsWhatJenkinsWouldReject() throws Exception {
        // proves the validation can fail: a suite without its required counts
        assertThrows(SAXException.class, () -> validate("<testsuites><testsuite name=\"x\"><testcase name=\"y\"/></testsuite>"
                + "</testsuites>"));
        assertThrows(SAXException.class, () -> validate("<testsuite name=\"x\" tests=\"1\" failures=\"0\" errors=\"0\" "
                + "time=\"1 s\"></testsuite>"));
    }

    @Test
    void oneSuitePerPathInsideTestsuitesValidAgainstTheJenkinsSchema() throws Exception {
        String xml = JunitXmlWriter.render("preflight analyze", List.of(
                new JunitXmlWriter.Suite("198.18.1.2 (a) <-> 198.18.2.2 (b)", List.of(HOLE, OK), 1.5, null, STARTED),
                new JunitXmlWriter.Suite("198.18.7.1 <-> 198.18.7.2", List.of(LOSS), 1.5, null, STARTED)));
        validate(xml);
        Document d = parse(xml);
        Element root = d.getDocumentElement();
        assertEquals("testsuites", root.getTagName());
        assertEquals("3", root.getAttribute("tests"));
        assertEquals("2", root.getAttribute("failures"));
        assertEquals(2, d.getElementsByTagName("testsuite").getLength());
        Element suite = (Element) d.getElementsByTagName("testsuite").item(0);
        assertEquals("2026-12-06T13:33:51", suite.getAttribute("timestamp"));
        assertEquals("1.500", suite.getAttribute("time"));
        assertFalse(suite.getAttribute("hostname").isBlank());
        Element first = (Element) d.getElementsByTagName("testcase").item(0);
        assertEquals("0.750", first.getAttribute("time"), "each direction's share of the analysis, not 0");
        Element failure = (Element) d.getElementsByTagName("failure").item(0);
        assertEquals("BLACK_HOLE", failure.getAttribute("type"));
        assertTrue(failure.getAttribute("message").contains("packets > 4099 <die> & \"vanish\""));
        assertTrue(failure.getTextContent().contains("preflight probe check 198.18.2.2:7000"));
        assertEquals("198.18.2.2 -> 198.18.1.2", ((Element) d.getElementsByTagName("testcase").item(1)).getAttribute("name"));
    }

    private static final Pattern REPEATED = Pattern.compile("(?i)\\b(\\w+ \\w+)\\b.*\\b\\1\\b");

    @Test
    void failureMessagesNameTheStatusOnce() throws Exception {
        for (PathVerdict v : List.of(HOLE, PROBE_HOLE, LOSS)) {
            String m = JunitXmlWriter.message(v);
            assertFalse(REPEATED.matcher(m.substring(0, Math.min(60, m.length()))).find(), m);
        }
        assertTrue(JunitXmlWriter.message(HOLE).startsWith("MTU black hole: packets > 4099"), JunitXmlWriter.message(HOLE));
        assertTrue(JunitXmlWriter.message(LOSS).startsWith("packet loss (not size-related): 3 of 40"), JunitXmlWriter.message(LOSS));
        assertTrue(JunitXmlWriter.message(PROBE_HOLE).endsWith("MTU: 1422 (measured)."), JunitXmlWriter.message(PROBE_HOLE));
    }

    @Test
    void probeSuitesTimeEachDirectionUntilItsLimitWasPinned() throws Exception {
        String xml = JunitXmlWriter.render("preflight probe check", List.of(new JunitXmlWriter.Suite("198.18.1.2:7000",
                List.of(PROBE_HOLE, OK), 3.0, new double[] {2.8, 2.62}, STARTED)));
        validate(xml);
        Document d = parse(xml);
        assertEquals("2.800", ((Element) d.getElementsByTagName("testcase").item(0)).getAttribute("time"));
        assertEquals("2.620", ((Element) d.getElementsByTagName("testcase").item(1)).getAttribute("time"));
    }

    @Test
    void atomicWriteReplacesWholeFilesReadableByAll() throws Exception {
        Path f = dir.resolve("x/report.xml");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertEquals("two", Files.readString(f));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        try (var s = Files.list(f.getParent())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void verdictTextLeadsWithTheHeadlineAndFixes() {
        StringWriter sw = new StringWriter();
        VerdictTextRenderer.render(List.of(HOLE), new PrintWriter(sw), true);
        String t = sw.toString();
        assertTrue(t.startsWith("198.18.1.2 -> 198.18.2.2: MTU BLACK HOLE  (confidence high)\n  MTU: 757 <= MTU <= 4099\n"), t);
        assertTrue(t.contains("  Fix:\n    on a:\n      preflight probe check 198.18.2.2:7000\n"), t);
        assertTrue(t.contains("  Evidence:\n    - no ICMP"), t);
    }
}
