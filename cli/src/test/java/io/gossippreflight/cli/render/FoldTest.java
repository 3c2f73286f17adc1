package io.gossippreflight.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gossippreflight.verdict.Evidence;
import java.util.List;
import org.junit.jupiter.api.Test;

class FoldTest {
    static Evidence icmp(long t, int size, boolean reacted) {
        return Evidence.of(Evidence.Kind.ICMP_FRAG_NEEDED, "ga#if2", t, "ICMP frag-needed from 198.18.3.2 (ga), MTU 1422, about a "
                + size + "-byte packet; seen at ga#if2, sga#if3; NEVER reached the sender"
                + (reacted ? "; the sender kept sending too-big packets" : ""));
    }

    @Test
    void addressesPortsIdsAndNamesStayPartOfTheFact() {
        assertEquals(Fold.skeleton("from 198.18.3.2 (ga) #1 if2 [2001:db8::1]:7000 a:7000"),
                "from 198.18.3.2 (ga) #1 if2 [2001:db8::1]:7000 a:7000");
        assertNotEquals(Fold.skeleton("from 198.18.3.2"), Fold.skeleton("from 198.18.4.2"));
        assertEquals("about a \u0000-byte packet, \u0000 bytes", Fold.skeleton("about a 5348-byte packet, 12,987 bytes"));
    }

    @Test
    void sizesThatDifferBecomeARange() {
        assertEquals("7 packet(s) of 1500-5348 bytes, 4,000-12,987 B",
                Fold.merge(List.of("7 packet(s) of 5348 bytes, 12,987 B", "7 packet(s) of 1500 bytes, 4,000 B")));
    }

    @Test
    void theSameFactRepeatedIsOneLineWithCountAndSpan() {
        List<Fold.Folded> f = Fold.evidence(List.of(icmp(1_000, 5348, true), icmp(2_000, 5348, true), icmp(9_000, 1500, true),
                icmp(12_000, 5348, false),
                Evidence.of(Evidence.Kind.PACKET_DELIVERED, null, null, "largest packet that crossed: 71 bytes")));
        assertEquals(2, f.size(), f.toString());
        Fold.Folded i = f.get(0);
        assertEquals(4, i.count(), "the copy whose reaction was not seen joins the others");
        assertEquals(1_000L, i.first());
        assertEquals(12_000L, i.last());
        assertEquals("ICMP frag-needed from 198.18.3.2 (ga), MTU 1422, about a 1500-5348-byte packet; seen at ga#if2, sga#if3;"
                + " NEVER reached the sender; the sender kept sending too-big packets", i.text());
        assertEquals(1, f.get(1).count());
    }

    @Test
    void aParagraphSaysEachThingOnceAndAtMostThree() {
        String w = "198.18.2.2 (b) was waiting for the shadow-round reply (GOSSIP_DIGEST_ACK, 5,326 bytes) from a: it died.";
        String s = "MTU black hole: packets over 1422 bytes die. " + w + " " + w + " " + w + " Fourth thing. Fifth thing.";
        String p = Fold.paragraph(s, 3);
        assertEquals("MTU black hole: packets over 1422 bytes die. " + w.substring(0, w.length() - 1) + " (3 times)."
                + " Fourth thing.", p);
        assertEquals(3, Fold.sentences(p).size());
    }

    @Test
    void connectionIdsAsRuns() {
        assertEquals("#3, #5-#12", Fold.ids(List.of(3, 5, 6, 7, 8, 9, 10, 11, 12)));
        assertEquals("#1, #2", Fold.ids(List.of(1, 2)));
        assertEquals("#4", Fold.ids(List.of(4)));
    }

    @Test
    void timelineEventsOfOneShapeMergeWordByWord() {
        assertEquals("#5-#7 reset by 198.18.1.2:*", AnalyzeDigest.mergeTokens(List.of("#5 reset by 198.18.1.2:48852",
                "#6 reset by 198.18.1.2:48866", "#7 reset by 198.18.1.2:43634")));
    }
}
