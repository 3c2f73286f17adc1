package io.gossippreflight.probe.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.ArrayList;
import java.util.List;

/**
 * A verdict as an agent sends it to the mesh: status, MTU, summary, fixes and warnings (the
 * evidence stays on the agent's host: {@code probe check} there shows it).
 */
final class VerdictJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private VerdictJson() {
    }

    static ObjectNode write(PathVerdict v) {
        ObjectNode o = F.objectNode();
        o.put("from", v.from()).put("to", v.to()).put("status", v.status().name())
                .put("confidence", v.confidence().name()).put("summary", v.summary());
        ObjectNode m = o.putObject("mtu");
        MtuEstimate e = v.mtu();
        put(m, "exact", e.exact());
        put(m, "estimate", e.estimate());
        put(m, "largestDelivered", e.largestDelivered());
        put(m, "smallestLost", e.smallestLost());
        put(m, "icmpMtu", e.icmpMtu());
        m.put("source", e.source().name());
        ArrayNode fixes = o.putArray("fixes");
        for (Fix f : v.fixes()) {
            fixes.addObject().put("kind", f.kind().name()).put("where", f.where()).put("command", f.command())
                    .put("why", f.why());
        }
        ArrayNode w = o.putArray("warnings");
        v.warnings().forEach(w::add);
        return o;
    }

    private static void put(ObjectNode o, String k, Integer v) {
        if (v == null) {
            o.putNull(k);
        } else {
            o.put(k, v);
        }
    }

    /** Reads what {@link #write} wrote; anything else is an {@link IllegalArgumentException} naming the field. */
    static PathVerdict read(JsonNode o) {
        JsonNode m = need(o, "mtu");
        MtuEstimate e = new MtuEstimate(integer(m, "exact"), integer(m, "estimate"), integer(m, "largestDelivered"),
                integer(m, "smallestLost"), integer(m, "icmpMtu"), enumOf(MtuEstimate.Source.class, text(m, "source")));
        List<Fix> fixes = new ArrayList<>();
        for (JsonNode f : o.path("fixes")) {
            fixes.add(new Fix(enumOf(Fix.Kind.class, text(f, "kind")), f.path("where").isNull() ? null : f.path("where").asText(),
                    text(f, "command"), f.path("why").isNull() ? null : f.path("why").asText()));
        }
        List<String> warnings = new ArrayList<>();
        o.path("warnings").forEach(w -> warnings.add(w.asText()));
        return new PathVerdict(text(o, "from"), text(o, "to"), enumOf(PathStatus.class, text(o, "status")), e,
                enumOf(Confidence.class, text(o, "confidence")), text(o, "summary"), List.of(), fixes, warnings);
    }

    static JsonNode need(JsonNode o, String k) {
        JsonNode n = o.get(k);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("no '" + k + "'");
        }
        return n;
    }

    static String text(JsonNode o, String k) {
        JsonNode n = need(o, k);
        if (!n.isTextual()) {
            throw new IllegalArgumentException("'" + k + "' is not text");
        }
        return n.asText();
    }

    private static Integer integer(JsonNode o, String k) {
        JsonNode n = o.get(k);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.canConvertToInt()) {
            throw new IllegalArgumentException("'" + k + "' is not a whole number");
        }
        return n.asInt();
    }

    static <E extends Enum<E>> E enumOf(Class<E> type, String name) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + name + "' is not a " + type.getSimpleName());
        }
    }
}
