package io.gossippreflight.cli.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gossippreflight.probe.check.ClusterNeeds;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.util.List;
import java.util.Locale;

/** {@code preflight probe check --json}: one document, schema in docs/probe.md. */
public final class ProbeJsonRenderer {
    /** Bumped on any incompatible change of the document's shape. */
    public static final String SCHEMA = "gossip-preflight/probe/v1";

    private final ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private boolean strict;

    public String render(List<TargetReport> reports, String toolVersion, int exitCode) {
        return render(reports, toolVersion, exitCode, null, false);
    }

    /**
     * @param started when the check started, or null
     * @param strict a limit PMTUD copes with fails too (--strict)
     */
    public String render(List<TargetReport> reports, String toolVersion, int exitCode, java.time.Instant started,
            boolean strict) {
        this.strict = strict;
        ObjectNode doc = m.createObjectNode();
        doc.put("schema", SCHEMA);
        doc.put("tool", "preflight " + toolVersion);
        if (started != null) {
            doc.put("startedAt", started.toString());
        }
        ObjectNode result = doc.putObject("result");
        result.put("passed", reports.stream().allMatch(r -> r.passed(strict)));
        result.put("strict", strict);
        result.put("exitCode", exitCode);
        ArrayNode targets = doc.putArray("targets");
        for (TargetReport r : reports) {
            targets.add(target(r));
        }
        return doc.toPrettyString() + "\n";
    }

    private ObjectNode target(TargetReport r) {
        ObjectNode o = m.createObjectNode();
        o.put("target", r.target());
        o.put("kind", r.kind() == null ? null : r.kind().name());
        o.put("passed", r.passed(strict));
        if (r.messagingVersion() == null) {
            o.putNull("messagingVersion");
        } else {
            o.put("messagingVersion", r.messagingVersion());
        }
        if (r.rttMillis() == null) {
            o.putNull("rttMillis");
        } else {
            o.put("rttMillis", r.rttMillis());
        }
        o.put("local", r.local());
        o.set("outbound", VerdictJson.verdict(m, r.outbound()));
        o.set("inbound", VerdictJson.verdict(m, r.inbound()));
        o.set("verdicts", VerdictJson.verdicts(m, List.of(r.outbound(), r.inbound())));
        if (r.needs() == null) {
            o.putNull("needs");
        } else {
            o.set("needs", needs(r.needs()));
        }
        ObjectNode exact = o.putObject("exactMillis");
        exact.put("outbound", r.exactMillis()[0]);
        exact.put("inbound", r.exactMillis()[1]);
        o.put("elapsedMillis", r.elapsedMillis());
        if (r.tcpMtuProbing() == null) {
            o.putNull("tcpMtuProbing");
        } else {
            o.put("tcpMtuProbing", r.tcpMtuProbing());
        }
        ObjectNode phases = o.putObject("phases");
        for (io.gossippreflight.probe.Direction d : io.gossippreflight.probe.Direction.values()) {
            ArrayNode a = phases.putArray(d == io.gossippreflight.probe.Direction.OUTBOUND ? "outbound" : "inbound");
            for (ProbeDigest.Phase p : ProbeDigest.phases(r, d)) {
                ObjectNode x = a.addObject();
                x.put("kind", p.kind().name());
                x.put("probes", p.probes());
                x.put("crossed", p.crossed());
                x.put("late", p.late());
                x.put("lost", p.lost());
                x.set("largestCrossed", p.largestCrossed() == null ? m.nullNode() : m.getNodeFactory().numberNode(p.largestCrossed()));
                x.set("smallestLost", p.smallestLost() == null ? m.nullNode() : m.getNodeFactory().numberNode(p.smallestLost()));
                x.put("crossMillisMin", round(p.rttMinMillis()));
                x.put("crossMillisMedian", round(p.rttMedianMillis()));
                x.put("crossMillisMax", round(p.rttMaxMillis()));
                x.put("text", p.text());
            }
        }
        ArrayNode notes = o.putArray("notes");
        r.notes().forEach(notes::add);
        ArrayNode probes = o.putArray("probes");
        for (ProbeRecord p : r.probes()) {
            ObjectNode x = probes.addObject();
            x.put("direction", p.direction().name());
            x.put("kind", p.kind().name());
            x.put("message", p.message());
            x.put("messageBytes", p.messageBytes());
            x.put("largestPacket", p.ipSize());
            x.put("outcome", p.outcome().name());
            x.put("elapsedMillis", Double.parseDouble(String.format(Locale.ROOT, "%.3f", p.elapsed().toNanos() / 1e6)));
            x.put("retransmits", p.retransmits());
        }
        return o;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private ObjectNode needs(ClusterNeeds n) {
        ObjectNode o = m.createObjectNode();
        o.put("source", n.source());
        o.put("endpoints", n.endpoints());
        o.put("tokens", n.tokens());
        o.put("allCross", n.allCross());
        ArrayNode msgs = o.putArray("messages");
        for (ClusterNeeds.Needed x : n.messages()) {
            msgs.addObject().put("direction", x.direction().name()).put("name", x.name()).put("bytes", x.bytes())
                    .put("largestPacket", x.largestPacket()).put("crosses", x.crosses()).put("estimate", x.estimate());
        }
        return o;
    }
}
