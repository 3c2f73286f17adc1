package io.gossippreflight.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fixes;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class JunitXmlWriterTest {
    @TempDir
    Path dir;

    static final PathVerdict HOLE = new PathVerdict("198.18.1.2", "198.18.2.2", PathStatus.BLACK_HOLE,
            new MtuEstimate(null, null, 757, 4100, null, MtuEstimate.Source.NONE), Confidence.HIGH,
            "packets > 4099 <die> & \"vanish\"", List.of(Evidence.of(Evidence.Kind.NO_ICMP, null, null, "no ICMP\u0001")),
            List.of(Fixes.measure("a", "198.18.2.2", 7000)), List.of());
    static final PathVerdict OK = new PathVerdict("198.18.2.2", "198.18.1.2", PathStatus.HEALTHY, null, Confidence.HIGH,
            "fine", null, null, null);

    @Test
    void oneCasePerDirectionFailingOnProblemsAndEscaped() throws Exception {
        String xml = JunitXmlWriter.render("preflight analyze", List.of(HOLE, OK), 1.5);
        Document d = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        assertEquals("2", d.getDocumentElement().getAttribute("tests"));
        assertEquals("1", d.getDocumentElement().getAttribute("failures"));
        assertEquals("1.500", d.getDocumentElement().getAttribute("time"));
        var failure = (org.w3c.dom.Element) d.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").contains("packets > 4099 <die> & \"vanish\""));
        assertTrue(failure.getTextContent().contains("preflight probe check 198.18.2.2:7000"));
        assertEquals("198.18.2.2 -> 198.18.1.2",
                ((org.w3c.dom.Element) d.getElementsByTagName("testcase").item(1)).getAttribute("name"));
    }

    @Test
    void atomicWriteReplacesWholeFiles() throws Exception {
        Path f = dir.resolve("x/report.xml");
        AtomicFiles.write(f, "one");
        AtomicFiles.write(f, "two");
        assertEquals("two", Files.readString(f));
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
