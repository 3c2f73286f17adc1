package io.gossippreflight.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gossippreflight.analyzer.capture.CaptureInterface;
import io.gossippreflight.analyzer.capture.LinkType;
import io.gossippreflight.analyzer.pass.CaptureSummary;
import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.ClockInfo;
import io.gossippreflight.analyzer.report.FlowInfo;
import io.gossippreflight.analyzer.report.IcmpInfo;
import io.gossippreflight.analyzer.report.LossInfo;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.analyzer.report.PathInfo;
import io.gossippreflight.analyzer.report.PointInfo;
import io.gossippreflight.analyzer.report.TimelineEvent;
import java.util.List;

/** {@code preflight analyze --json}: one document, schema in docs/analyze-json.md. */
public final class AnalyzeJsonRenderer {
    /** Bumped on any incompatible change of the document's shape. */
    public static final String SCHEMA = "gossip-preflight/analyze/v1";

    private final ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public String render(AnalysisReport r, String toolVersion, int exitCode) {
        ObjectNode doc = m.createObjectNode();
        doc.put("schema", SCHEMA);
        doc.put("tool", "preflight " + toolVersion);
        ObjectNode result = doc.putObject("result");
        result.put("status", r.worst().name());
        result.put("problem", r.problem());
        result.put("exitCode", exitCode);
        AnalyzeDigest digest = new AnalyzeDigest(r, TimeFormat.Style.ABSOLUTE);
        ArrayNode verdicts = VerdictJson.verdicts(m, r.verdicts());
        for (int i = 0; i < r.verdicts().size(); i++) {
            List<AnalyzeDigest.Finding> found = digest.findings(r.verdicts().get(i));
            ArrayNode findings = (ArrayNode) verdicts.get(i).get("findings");
            for (int k = 0; k < found.size(); k++) {
                ArrayNode see = ((ObjectNode) findings.get(k)).putArray("see");
                found.get(k).see().forEach(see::add);
            }
        }
        doc.set("verdicts", verdicts);
        ArrayNode notes = doc.putArray("gossipNotes");
        r.gossipNotes().forEach(notes::add);
        ArrayNode warnings = doc.putArray("warnings");
        r.warnings().forEach(warnings::add);
        doc.put("tlsConnections", r.tlsConnections());

        ArrayNode caps = doc.putArray("captures");
        for (CaptureSummary c : r.captures()) {
            ObjectNode o = caps.addObject();
            o.put("name", c.name());
            o.put("source", c.source());
            o.put("format", c.format());
            ArrayNode ifs = o.putArray("interfaces");
            for (CaptureInterface i : c.interfaces()) {
                ObjectNode x = ifs.addObject();
                x.put("id", i.id());
                x.put("linkType", i.linkType());
                x.put("linkTypeName", LinkType.name(i.linkType()));
                x.put("snapLength", i.snapLength());
                x.put("name", i.name());
            }
            o.put("packets", c.packets());
            o.put("bytes", c.bytes());
            if (c.packets() > 0) {
                o.put("firstTime", Times.iso(c.firstTime()));
                o.put("lastTime", Times.iso(c.lastTime()));
            }
            o.put("ipPackets", c.ipPackets());
            o.put("tcpPackets", c.tcpPackets());
            o.put("udpPackets", c.udpPackets());
            o.put("icmpPackets", c.icmpPackets());
            o.put("notIp", c.notIp());
            o.put("malformed", c.malformed());
            o.put("unsupportedLink", c.unsupportedLink());
            o.put("truncated", c.truncated());
            o.put("fragments", c.fragments());
            o.put("stoppedEarly", c.stoppedEarly());
            o.put("duplicates", c.duplicates());
            ObjectNode unreadable = o.putObject("unreadableTooBig");
            c.unreadableTooBig().forEach(unreadable::put);
        }
        ArrayNode points = doc.putArray("points");
        for (PointInfo p : r.points()) {
            points.addObject().put("label", p.label()).put("capture", p.capture()).put("interface", p.iface());
        }
        ArrayNode paths = doc.putArray("paths");
        for (PathInfo p : r.paths()) {
            ObjectNode o = paths.addObject();
            o.put("from", p.from());
            o.put("to", p.to());
            o.put("basis", p.basis());
            ArrayNode pts = o.putArray("points");
            for (int i = 0; i < p.points().size(); i++) {
                pts.addObject().put("point", p.points().get(i)).put("hops", p.hops().get(i));
            }
        }
        ArrayNode offsets = doc.putArray("clockOffsets");
        for (AnalyzeDigest.ClockOffset c : digest.clockOffsets()) {
            ObjectNode o = offsets.addObject().put("capture", c.capture()).put("reference", c.reference());
            if (c.offsetNanos() == null) {
                o.putNull("offsetNanos");
            } else {
                o.put("offsetNanos", c.offsetNanos());
            }
            o.put("matchedPackets", c.matched());
        }
        ArrayNode clocks = doc.putArray("clocks");
        for (ClockInfo c : r.clocks()) {
            clocks.addObject().put("p", c.p()).put("q", c.q()).put("offsetNanos", c.offsetNanos()).put("known", c.known())
                    .put("matchedPackets", c.matchedPackets());
        }
        ArrayNode flows = doc.putArray("connections");
        for (FlowInfo f : r.flows()) {
            ObjectNode o = flows.addObject();
            o.put("id", f.id());
            o.put("client", f.client());
            o.put("server", f.server());
            o.put("firstTime", Times.iso(f.firstTime()));
            o.put("lastTime", Times.iso(f.lastTime()));
            o.put("handshakeSeen", f.handshakeSeen());
            o.put("end", f.end());
            o.put("tls", f.tls());
            ArrayNode seen = o.putArray("seenAt");
            f.seenAt().forEach(seen::add);
            o.set("clientToServer", direction(f.clientToServer()));
            o.set("serverToClient", direction(f.serverToClient()));
        }
        ArrayNode losses = doc.putArray("losses");
        for (LossInfo l : r.losses()) {
            ObjectNode o = losses.addObject();
            o.put("connection", l.flowId());
            o.put("from", l.from());
            o.put("to", l.to());
            o.put("start", l.start());
            o.put("end", l.end());
            o.put("bytes", l.bytes());
            o.put("copies", l.copies());
            o.put("minIpLength", l.minIpLength());
            o.put("maxIpLength", l.maxIpLength());
            o.put("firstTime", Times.iso(l.firstTime()));
            o.put("lastTime", Times.iso(l.lastTime()));
            o.put("lastSeen", l.lastSeen());
            o.put("nextPoint", l.nextPoint());
            o.put("between", l.between());
            o.put("delivered", l.delivered());
            ArrayNode copyTimes = o.putArray("copyTimes");
            l.copyTimes().forEach(t -> copyTimes.add(Times.iso(t)));
        }
        ArrayNode icmp = doc.putArray("icmp");
        for (IcmpInfo i : r.icmp()) {
            ObjectNode o = icmp.addObject();
            o.put("time", Times.iso(i.timeNanos()));
            o.put("ipVersion", i.ipVersion());
            o.put("router", i.router());
            o.put("mtu", i.mtu());
            o.put("plateau", i.plateau());
            o.put("about", i.about());
            o.put("connection", i.flowId());
            o.put("quotedStart", i.quotedStart());
            o.put("quotedLength", i.quotedLength());
            ArrayNode seen = o.putArray("seenAt");
            i.seenAt().forEach(seen::add);
            o.set("reachedSender", i.reachedSender() == null ? m.nullNode() : m.getNodeFactory().booleanNode(i.reachedSender()));
            o.set("senderReacted", i.senderReacted() == null ? m.nullNode() : m.getNodeFactory().booleanNode(i.senderReacted()));
            o.put("learnedMss", i.learnedMss());
            if (i.lost() != null) {
                o.put("lost", i.lost());
            }
        }
        ArrayNode msgs = doc.putArray("messages");
        for (MessageInfo x : r.messages()) {
            ObjectNode o = msgs.addObject();
            o.put("time", Times.iso(x.timeNanos()));
            o.put("connection", x.flowId());
            o.put("from", x.from());
            o.put("to", x.to());
            o.put("verb", x.verb());
            o.put("id", x.id());
            o.put("size", x.size());
            o.put("streamStart", x.streamStart());
            o.put("streamEnd", x.streamEnd());
            o.put("digests", x.digests());
            o.put("states", x.states());
            o.put("delivered", x.delivered());
            o.put("fate", x.fate());
            o.put("note", x.note());
            o.put("clusterName", x.clusterName());
            o.put("partitioner", x.partitioner());
            o.put("payloadError", x.payloadError());
        }
        ArrayNode tl = doc.putArray("timeline");
        for (TimelineEvent e : r.timeline()) {
            tl.addObject().put("time", Times.iso(e.timeNanos())).put("where", e.where()).put("text", e.text());
        }
        doc.put("timelineOmitted", r.timelineOmitted());
        try {
            return m.writeValueAsString(doc) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the report as JSON", e);
        }
    }

    private ObjectNode direction(FlowInfo.FlowDirection d) {
        ObjectNode o = m.createObjectNode();
        o.put("from", d.from());
        o.put("to", d.to());
        o.put("seenFirstAt", d.seenFirstAt());
        o.put("packets", d.packets());
        o.put("dataPackets", d.dataPackets());
        o.put("bytes", d.bytes());
        o.put("retransmissions", d.retransmissions());
        o.put("superSegments", d.superSegments());
        o.put("maxIpLength", d.maxIpLength());
        o.put("maxWireIpLength", d.maxWireIpLength());
        o.put("mss", d.mss());
        o.put("windowScale", d.windowScale());
        o.put("sackPermitted", d.sackPermitted());
        o.put("timestamps", d.timestamps());
        o.put("undeliveredBytes", d.undeliveredBytes());
        o.put("truncatedPackets", d.truncatedPackets());
        return o;
    }
}
