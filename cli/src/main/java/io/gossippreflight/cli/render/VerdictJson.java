package io.gossippreflight.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathVerdict;
import java.util.Map;

/** PathVerdict as JSON (the "verdicts" items of docs/analyze-json.md), shared with the probe. */
public final class VerdictJson {
    private VerdictJson() {
    }

    public static ArrayNode verdicts(ObjectMapper m, Iterable<PathVerdict> verdicts) {
        ArrayNode a = m.createArrayNode();
        for (PathVerdict v : verdicts) {
            a.add(verdict(m, v));
        }
        return a;
    }

    public static ObjectNode verdict(ObjectMapper m, PathVerdict v) {
        ObjectNode o = m.createObjectNode();
        o.put("from", v.from());
        o.put("to", v.to());
        o.put("status", v.status().name());
        o.put("problem", v.status().isProblem());
        o.put("description", v.status().description());
        o.put("confidence", v.confidence().name());
        o.put("summary", v.summary());
        o.set("mtu", mtu(m, v.mtu()));
        ArrayNode ev = o.putArray("evidence");
        for (Evidence e : v.evidence()) {
            ObjectNode x = ev.addObject();
            x.put("kind", e.kind().name());
            x.put("where", e.where());
            if (e.timeNanos() != null) {
                x.put("time", Times.iso(e.timeNanos()));
            } else {
                x.putNull("time");
            }
            x.put("summary", e.summary());
            ObjectNode facts = x.putObject("facts");
            for (Map.Entry<String, Object> f : e.facts().entrySet()) {
                facts.set(f.getKey(), m.valueToTree(f.getValue()));
            }
        }
        ArrayNode findings = o.putArray("findings");
        for (Fold.Folded f : Fold.evidence(v.evidence())) {
            ObjectNode x = findings.addObject();
            x.put("kind", f.kind().name());
            x.put("text", f.text());
            x.put("count", f.count());
            if (f.first() != null) {
                x.put("firstTime", Times.iso(f.first()));
                x.put("lastTime", Times.iso(f.last()));
            } else {
                x.putNull("firstTime");
                x.putNull("lastTime");
            }
        }
        ArrayNode fixes = o.putArray("fixes");
        for (Fix f : v.fixes()) {
            ObjectNode x = fixes.addObject();
            x.put("kind", f.kind().name());
            x.put("where", f.where());
            x.put("command", f.command());
            x.put("why", f.why());
        }
        ArrayNode w = o.putArray("warnings");
        v.warnings().forEach(w::add);
        return o;
    }

    public static ObjectNode mtu(ObjectMapper m, MtuEstimate e) {
        ObjectNode o = m.createObjectNode();
        o.set("exact", num(m, e.exact()));
        o.set("estimate", num(m, e.estimate()));
        o.set("lowerBound", num(m, e.lowerBound()));
        o.set("upperBound", num(m, e.upperBound()));
        o.set("largestDelivered", num(m, e.largestDelivered()));
        o.set("smallestLost", num(m, e.smallestLost()));
        o.set("icmpMtu", num(m, e.icmpMtu()));
        o.put("source", e.source().name());
        o.put("text", e.describe());
        return o;
    }

    private static JsonNode num(ObjectMapper m, Integer v) {
        return v == null ? m.nullNode() : m.getNodeFactory().numberNode(v);
    }
}
