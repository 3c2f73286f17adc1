package io.gossippreflight.analyzer.diagnose;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.verdict.Fix;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Table tests of the per-finding verdicts over plain facts, no captures. */
class DiagnoserTest {
    private static final String PLACE = "between ga and gb (ga received it on if2, never forwarded it on if3)";

    /**
     * @param lost     "SIZExN" or "SIZExN!" (never delivered) or "SIZExN?" (only the sender saw it), ';'-separated
     * @param inFlight sizes, ';'-separated
     * @param icmp     "MTU/reached/reacted" with reached, reacted one of t, f, - (unknown)
     * @param connect  "attempts/answered/refused/unanswered"
     */
    static DirectionFacts facts(int data, int delivered, String lost, String inFlight, String icmp, String mss,
            int hops, String connect) {
        DirectionFacts f = new DirectionFacts("198.18.1.2", "198.18.2.2", "198.18.1.2 (a)", "198.18.2.2 (b)", 4);
        f.port = 7000;
        f.dataPackets = data;
        f.connections = 1;
        f.largestDelivered = delivered;
        f.firstPoint = hops == 0 ? "a" : "gb#if3";
        f.firstPointHops = hops;
        for (String l : split(lost)) {
            boolean never = l.endsWith("!");
            boolean senderOnly = l.endsWith("?");
            String[] p = l.replace("!", "").replace("?", "").split("x");
            for (int i = 0; i < Integer.parseInt(p[1]); i++) {
                f.lost.add(senderOnly
                        ? new LostPacket(Integer.parseInt(p[0]), 0, "somewhere beyond a (never acknowledged)", "a", "a",
                                null, false, "segment", true)
                        : new LostPacket(Integer.parseInt(p[0]), 0, PLACE, "ga#if2", "ga", "gb", true, "segment", never));
            }
        }
        for (String s : split(inFlight)) {
            f.inFlight.add(Integer.parseInt(s));
        }
        for (String i : split(icmp)) {
            String[] p = i.split("/");
            Boolean reached = p[1].equals("-") ? null : p[1].equals("t");
            f.icmp.add(new IcmpFact("198.18.1.1 (ga)", 4, Integer.parseInt(p[0]), false, 9001, 0, List.of("ga#if2"),
                    reached, p[2].equals("-") ? null : p[2].equals("t"), -1, 20L,
                    Boolean.FALSE.equals(reached) ? "left ga#if2 toward 198.18.1.2 (a), never seen at sga: dropped between"
                            + " ga and sga" : null));
        }
        if (mss != null && !mss.isBlank()) {
            String[] p = mss.split("/");
            f.mssRewrites.add(new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1])});
        }
        String[] c = connect.split("/");
        f.attempts = Integer.parseInt(c[0]);
        f.answered = Integer.parseInt(c[1]);
        f.refused = Integer.parseInt(c[2]);
        f.unanswered = Integer.parseInt(c[3]);
        f.routerGuess = "the router at ga";
        return f;
    }

    private static List<String> split(String s) {
        return s == null || s.isBlank() ? List.of() : List.of(s.split(";"));
    }

    @ParameterizedTest(name = "[{index}] {10}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # data| deliv| lost                    | inFlight | icmp        | mss       | hops| connect | status       | words                                        | case
          200 | 757  | 9001x8;4100x2           | -        | -           | -         | 0   | 1/1/0/0 | BLACK_HOLE   | died between ga and gb                       | the seed story: big copies die at one hop
          200 | 757  | 9001x3?                 | -        | -           | -         | 0   | 1/1/0/0 | BLACK_HOLE   | died somewhere beyond a                      | sender-side capture only
          200 | 757  | -                       | 9001     | -           | -         | 0   | 1/1/0/0 | INCONCLUSIVE | still in flight                              | a big copy in flight at the end decides nothing
          200 | 757  | -                       | 700;757  | -           | -         | 0   | 1/1/0/0 | HEALTHY      | Healthy                                      | small copies in flight: healthy, with a warning
          200 | 757  | -                       | -        | -           | -         | 2   | 1/1/0/0 | INCONCLUSIVE | 2 hop(s) past                                | seen only past the sender's link
          200 | 757  | 9001x3                  | -        | -           | -         | 2   | 1/1/0/0 | BLACK_HOLE   | between ga and gb                            | seen downstream only, yet the loss is proven
          200 | 1500 | 1000x3;9001x2           | -        | -           | -         | 0   | 1/1/0/0 | BLACK_HOLE   | small packet(s) were lost too                | losses above every size that crossed stay a limit beside small ones
          200 | 1500 | 1000x3                  | -        | -           | -         | 0   | 1/1/0/0 | RANDOM_LOSS  | not an MTU limit                             | small losses beyond noise and no limit: loss
          200 | 1500 | 1000x1                  | -        | -           | -         | 0   | 1/1/0/0 | HEALTHY      | no size-related loss                         | one small loss is noise
          101 | 1500 | 1000x1                  | -        | -           | -         | 0   | 1/1/0/0 | HEALTHY      | no size-related loss                         | one small loss among more than 100 packets is noise
          100 | 1500 | 1000x1                  | -        | -           | -         | 0   | 1/1/0/0 | INCONCLUSIVE | too few packets to tell random loss          | one small loss among 100 packets is 1 %: no noise, too few to call loss
          8   | 128  | 53x1                    | -        | -           | -         | 0   | 1/1/0/0 | INCONCLUSIVE | 1 of 8 packets                               | a lossy path's capture cut short: one loss, the rest in flight
          9000| 1500 | 1000x2!                 | -        | -           | -         | 0   | 1/1/0/0 | RANDOM_LOSS  | not an MTU limit                             | a small range that died twice and never arrived is loss, not noise
          200 | 757  | 9001x3                  | -        | 1422/f/-    | -         | 0   | 1/1/0/0 | BLACK_HOLE   | dropped between ga and sga                   | ICMP seen on the way, never at the sender: says where it died
          200 | 757  | 9001x3                  | -        | 1422/t/f    | -         | 0   | 1/1/0/0 | BLACK_HOLE   | kept sending bigger packets                  | ICMP reached a sender that ignored it
          200 | 1422 | 5295x1                  | -        | 1422/t/t    | -         | 0   | 1/1/0/0 | PMTUD_WORKS  | the sender adapted                           | PMTUD works; the copy that drew the ICMP is no loss
          200 | 1422 | 1000x1;5295x1           | -        | 1422/t/t    | -         | 0   | 1/1/0/0 | PMTUD_WORKS  | Path MTU 1422                                | a copy over the reported MTU is not random loss
          200 | 1422 | -                       | -        | -           | 8961/1382 | 0   | 1/1/0/0 | MSS_CLAMPED  | clamps the MSS to 1382                       | clamping
          200 | 1422 | 1500x2                  | -        | -           | 8961/1382 | 0   | 1/1/0/0 | MSS_CLAMPED  | clamps the MSS to 1382                       | clamping comes before a black hole of what the clamp does not cover
          0   | 0    | -                       | -        | -           | -         | 0   | 3/0/3/0 | REFUSED      | were refused                                 | every attempt reset
          0   | 0    | -                       | -        | -           | -         | 0   | 3/0/0/3 | UNREACHABLE  | got no answer                                | every attempt unanswered
          3   | 0    | -                       | -        | -           | -         | 0   | 1/1/0/0 | INCONCLUSIVE | Not enough traffic                           | nothing crossed yet
          20  | 0    | 53x1?                   | -        | -           | -         | 0   | 1/1/0/0 | INCONCLUSIVE | Not enough traffic                           | a lost 53-byte segment with nothing else crossed is no black hole
          20  | 0    | 53x2?;200x1?            | -        | -           | -         | 0   | 1/1/0/0 | RANDOM_LOSS  | no bigger than what every path carries (576  | tiny losses when nothing crossed: loss, not a limit
          200 | 400  | 576x3?                  | -        | -           | -         | 0   | 1/1/0/0 | RANDOM_LOSS  | not an MTU limit                             | packets any path carries, bigger than what crossed: loss
          200 | 400  | 577x3?                  | -        | -           | -         | 0   | 1/1/0/0 | BLACK_HOLE   | 577 bytes                                    | one byte over what every path carries can be a limit
        """)
    void oneVerdictPerFinding(int data, int delivered, String lost, String inFlight, String icmp, String mss, int hops,
            String connect, PathStatus status, String words, String name) {
        PathVerdict v = Diagnoser.verdict(facts(data, delivered, lost, inFlight, icmp, mss, hops, connect));
        assertEquals(status, v.status(), name + ": " + v.summary());
        assertTrue(v.summary().contains(words) || v.warnings().stream().anyMatch(w -> w.contains(words)),
                name + ": '" + words + "' not in " + v.summary() + " " + v.warnings());
        if (status == PathStatus.BLACK_HOLE) {
            assertTrue(v.status().isProblem());
            assertTrue(v.fixes().stream().anyMatch(x -> x.kind() == Fix.Kind.ALLOW_ICMP || x.kind() == Fix.Kind.TCP_MTU_PROBING),
                    v.fixes().toString());
        }
    }

    @org.junit.jupiter.api.Test
    void bigCopiesInFlightAreNamedWithTheirSizes() {
        PathVerdict v = Diagnoser.verdict(facts(200, 757, "", "9001;4100", "", "", 0, "1/1/0/0"));
        assertEquals(PathStatus.INCONCLUSIVE, v.status());
        assertTrue(v.summary().startsWith("2 packet(s) of 4100-9001 bytes"), v.summary());
        assertTrue(v.warnings().contains("2 packet(s) were still in flight when the capture ended (2 bigger than anything"
                + " that crossed)"), v.warnings().toString());
    }
}
