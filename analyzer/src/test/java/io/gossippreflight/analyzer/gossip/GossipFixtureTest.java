package io.gossippreflight.analyzer.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.report.AnalysisReport;
import io.gossippreflight.analyzer.report.MessageInfo;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathVerdict;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Gossip messages decoded from the real captures, each with its fate. */
class GossipFixtureTest {
    static AnalysisReport analyze(String... names) throws Exception {
        return io.gossippreflight.analyzer.AnalyzerFixtureTest.analyze(names);
    }

    static Map<String, Long> byVerb(AnalysisReport r) {
        return r.messages().stream().collect(Collectors.groupingBy(MessageInfo::verb, Collectors.counting()));
    }

    @Test
    void twoNodeJoinEveryMessageDelivered() throws Exception {
        AnalysisReport r = analyze("two-node-join-a", "two-node-join-b");
        assertEquals(351, r.messages().size());
        Map<String, Long> v = byVerb(r);
        assertEquals(114, v.get("GOSSIP_DIGEST_SYN"));
        assertEquals(114, v.get("GOSSIP_DIGEST_ACK"));
        assertEquals(113, v.get("GOSSIP_DIGEST_ACK2"));
        assertEquals(1, v.get("SCHEMA_PULL_RSP"));
        assertTrue(r.messages().stream().allMatch(MessageInfo::delivered));
        MessageInfo shadow = r.messages().stream().filter(m -> m.note() != null && m.note().startsWith("shadow round"))
                .findFirst().orElseThrow();
        assertEquals("GOSSIP_DIGEST_SYN", shadow.verb());
        assertEquals(0, shadow.digests());
        assertEquals("198.18.2.2 (b)", shadow.from());
        MessageInfo reply = r.messages().stream().filter(m -> m.note() != null && m.note().startsWith("shadow-round reply"))
                .findFirst().orElseThrow();
        assertEquals("GOSSIP_DIGEST_ACK", reply.verb());
        assertEquals(689, reply.size());
        assertEquals(1, reply.states());
        assertTrue(r.gossipNotes().isEmpty(), r.gossipNotes().toString());
    }

    @Test
    void blackHoleTheJoiningNodeWaitedForTheSchemaPullReply() throws Exception {
        AnalysisReport r = analyze("blackhole-16tokens-a", "blackhole-16tokens-ga", "blackhole-16tokens-gb",
                "blackhole-16tokens-b");
        assertEquals(413, r.messages().size());
        List<MessageInfo> lost = r.messages().stream().filter(m -> !m.delivered()).toList();
        assertEquals(1, lost.size(), lost.toString());
        MessageInfo rsp = lost.get(0);
        assertEquals("SCHEMA_PULL_RSP", rsp.verb());
        assertEquals(12_987, rsp.size());
        assertEquals("198.18.1.2 (a)", rsp.from());
        assertEquals("198.18.2.2 (b)", rsp.to());
        assertTrue(rsp.fate().startsWith("died between ga and gb"), rsp.fate());
        MessageInfo req = r.messages().stream().filter(m -> m.verb().equals("SCHEMA_PULL_REQ")).findFirst().orElseThrow();
        assertEquals(req.id(), rsp.id());
        assertTrue(req.delivered());
        assertTrue(r.gossipNotes().get(0).startsWith("198.18.2.2 (b) was waiting for SCHEMA_PULL_RSP (12,987 bytes"),
                r.gossipNotes().toString());
        PathVerdict ab = io.gossippreflight.analyzer.AnalyzerFixtureTest.verdict(r, "198.18.1.2", "198.18.2.2");
        assertEquals(Evidence.Kind.GOSSIP_MESSAGE_LOST, ab.evidence().get(0).kind());
        assertTrue(ab.summary().contains("was waiting for SCHEMA_PULL_RSP"), ab.summary());
    }

    @Test
    void pmtudControlTheShadowReplyHitTheMtuAndStillArrived() throws Exception {
        AnalysisReport r = analyze("control-pmtud-icmp-allowed-a", "control-pmtud-icmp-allowed-ga");
        assertEquals(354, r.messages().size());
        assertTrue(r.messages().stream().allMatch(MessageInfo::delivered));
        MessageInfo reply = r.messages().stream().filter(m -> m.note() != null && m.note().startsWith("shadow-round reply"))
                .findFirst().orElseThrow();
        assertEquals(5233, reply.size());
        assertEquals(25, reply.streamStart(), "after the 19-byte handshake and the 6-byte frame header");
        long quoted = r.icmp().get(0).quotedStart();
        assertTrue(quoted <= reply.streamStart() && reply.streamEnd() <= quoted + 5243,
                "the ICMP-quoted segment carried the shadow reply");
    }
}
