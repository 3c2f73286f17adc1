package io.gossippreflight.cli.html;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.cli.render.CiSummary;
import io.gossippreflight.cli.render.ProbeJsonRenderer;
import io.gossippreflight.cli.render.ProbeTextRenderer;
import io.gossippreflight.probe.check.TargetReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's report in the analyze shape: evidence folded, probes summed up per phase, the same in text, JSON, Markdown. */
class ProbeReportShapeTest {
    static final Instant STARTED = Instant.parse("2026-12-06T13:40:00Z");

    @Test
    void textSaysThePhasesUnderEachVerdictBeforeTheFixes() {
        StringWriter sw = new StringWriter();
        ProbeTextRenderer.render(List.of(HtmlReportChromiumTest.probeBlackHole()), new PrintWriter(sw), STARTED, false);
        String t = sw.toString();
        assertTrue(t.startsWith("198.18.1.2:7000: FAIL   (checked 2026-12-06 13:40:00 UTC)\n"), t);
        String out = t.substring(t.indexOf("198.18.2.2 -> 198.18.1.2"), t.indexOf("198.18.1.2 -> 198.18.2.2"));
        assertTrue(out.contains("  Evidence (us → target):\n    - ladder: 5 probes, crossed up to 1,045 B, lost from 2,052 B, "
                + "1 late (after a retransmission), time to cross 2.00-2.00 ms (median 2.00)\n"
                + "    - bisection: 4 probes, crossed up to 1,422 B, lost from 1,423 B, time to cross 2.00-2.00 ms (median 2.00)\n"),
                out);
        assertTrue(out.indexOf("MTU: 1422") < out.indexOf("Evidence (us") && out.indexOf("Evidence (us") < out.indexOf("Fix:"),
                "heading, MTU, evidence, then the fixes: " + out);
    }

    @Test
    void jsonHasTheStartAndThePhases() throws Exception {
        TargetReport r = HtmlReportChromiumTest.probeBlackHole();
        JsonNode doc = new ObjectMapper().readTree(new ProbeJsonRenderer().render(List.of(r), "test", 1, STARTED, false));
        assertEquals("2026-12-06T13:40:00Z", doc.get("startedAt").asText());
        JsonNode bisect = doc.at("/targets/0/phases/outbound/1");
        assertEquals("BISECT", bisect.get("kind").asText());
        assertEquals(4, bisect.get("probes").asInt());
        assertEquals(1422, bisect.get("largestCrossed").asInt());
        assertEquals(1423, bisect.get("smallestLost").asInt());
        assertEquals(1, doc.at("/targets/0/phases/outbound/0/late").asInt());
        assertEquals(9001, doc.at("/targets/0/phases/inbound/0/largestCrossed").asInt());
        assertTrue(doc.at("/targets/0/phases/inbound/0/smallestLost").isNull());
    }

    @Test
    void markdownSaysWhichNeededMessagesCannotCross() {
        String m = CiSummary.probe(List.of(HtmlReportChromiumTest.probeBlackHole()), 1);
        assertTrue(m.startsWith("### preflight probe check: FAILED (exit 1)\n\n**198.18.1.2:7000 (would not gossip)**\n"), m);
        assertTrue(m.contains("| 198.18.2.2 -&gt; 198.18.1.2 | \u274c MTU BLACK HOLE | 1422 (measured) | ACK2 with every "
                + "endpoint state (5,207 B) cannot cross |"), m);
        assertTrue(m.contains("| 198.18.1.2 -&gt; 198.18.2.2 | \u2705 HEALTHY | &gt;= 9001 | nothing |"), m);
    }
}
