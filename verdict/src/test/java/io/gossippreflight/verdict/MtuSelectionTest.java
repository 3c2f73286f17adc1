package io.gossippreflight.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MtuSelectionTest {
    private static Integer n(String s) {
        return s == null || s.isBlank() ? null : Integer.valueOf(s.trim());
    }

    /** icmp: "mtu/quoted;mtu/quoted". */
    private static List<int[]> icmp(String s) {
        List<int[]> out = new ArrayList<>();
        if (s == null || s.isBlank()) {
            return out;
        }
        for (String r : s.split(";")) {
            String[] p = r.split("/");
            out.add(new int[] {Integer.parseInt(p[0]), p.length > 1 ? Integer.parseInt(p[1]) : 0});
        }
        return out;
    }

    @ParameterizedTest(name = "[{index}] {10}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # v | delivered | lost | icmp            | clamp | bisect | kernel | exact | estimate | source         | case
          4 | 757       | 4100 | -               | -     | -      | -      | -     | -        | NONE           | black hole: bracket only
          4 | 757       | 4100 | 1422/9001       | -     | -      | -      | 1422  | -        | ICMP           | ICMP names it
          4 | 1422      | 1423 | -               | -     | -      | -      | 1422  | -        | ADJACENT_SIZES | adjacent sizes
          4 | 757       | 4100 | -               | -     | 1422   | 1500   | 1422  | -        | BISECTION      | bisection wins
          4 | 757       | 4100 | -               | -     | -      | 1422   | 1422  | -        | KERNEL         | kernel pmtu inside the bracket
          4 | 757       | 1400 | -               | -     | -      | 1500   | -     | -        | NONE           | kernel pmtu contradicted by a loss
          4 | 757       | 4100 | 0/4100          | -     | -      | -      | -     | 2002     | PLATEAU        | ICMP without MTU: plateau below 4100
          4 | 1500      | 1600 | 0/1600          | -     | -      | -      | -     | -        | NONE           | plateau 1492 below what crossed: ignored
          4 | 757       | 4100 | 1422;1300/9001  | -     | -      | -      | 1300  | -        | ICMP           | two routers: the smaller
          4 | 757       | 4100 | 20/9001         | -     | -      | -      | -     | -        | NONE           | bogus ICMP MTU below 68
          6 | 1280      | 9001 | 1000/9001       | -     | -      | -      | -     | -        | NONE           | PTB below 1280 ignored
          6 | 1280      | 9001 | 1422/9001       | -     | -      | -      | 1422  | -        | ICMP           | v6 PTB
          4 | 1500      | 800  | -               | -     | -      | -      | -     | -        | NONE           | small loss with big delivered: not size
          4 | 757       | -    | -               | 1382  | -      | -      | -     | 1422     | MSS_CLAMP      | clamp implies 1422
          6 | 757       | -    | -               | 1362  | -      | -      | -     | 1422     | MSS_CLAMP      | v6 clamp implies 1422
          4 | 1500      | -    | -               | 1382  | -      | -      | -     | -        | NONE           | clamp contradicted by delivered size
          4 | -         | -    | -               | -     | -      | -      | -     | -        | NONE           | nothing known
        """)
    void selects(int v, String delivered, String lost, String icmp, String clamp, String bisect, String kernel,
            String exact, String estimate, String source, String name) {
        MtuEstimate e = MtuSelection.select(new MtuSelection.Facts(v, n(delivered), n(lost), icmp(icmp), n(clamp),
                n(bisect), n(kernel)));
        assertEquals(n(exact), e.exact(), name);
        assertEquals(n(estimate), e.estimate(), name);
        assertEquals(MtuEstimate.Source.valueOf(source), e.source(), name);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"9001,8166", "4100,2002", "1500,1492", "1492,1006", "65536,65535", "69,68", "68,68", "40,68"})
    void rfc1191Plateaus(int packet, int plateau) {
        assertEquals(plateau, Rfc1191.plateauBelow(packet));
    }
}
