package io.gossippreflight.analyzer.icmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.analyzer.flow.Transmission;
import io.gossippreflight.analyzer.pass.IcmpEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The suspects' index against reading every suspect, as matching an ICMP error did before it. */
class IcmpSuspectsTest {
    private static IcmpEvent quoting(int ipVersion, int ipId) {
        return new IcmpEvent(0, 0, ipVersion, ipVersion == 4 ? 3 : 2, 4, 1400, 0, 1, 0, 2, 0, -1, 6, 0, 3, 0, 4, 40000,
                7000, true, 0, ipId, 1500);
    }

    @Test
    void findsWhatReadingEverySuspectFinds() {
        SplittableRandom r = new SplittableRandom(11);
        int quotedFound = 0;
        int held = 0;
        for (int round = 0; round < 300; round++) {
            List<Transmission> list = new ArrayList<>();
            int n = r.nextInt(150);
            long span = 1 + r.nextInt(30_000);
            for (int k = 0; k < n; k++) {
                long s = r.nextLong(span);
                long len = r.nextInt(6) == 0 ? 0 : 1 + r.nextInt(r.nextBoolean() ? 1448 : 9000);
                int ipId = r.nextInt(5) == 0 ? -1 : r.nextInt(4);
                list.add(new Transmission(s, s + len, k, 1500, ipId, 1, 52, 0, true, Transmission.Outcome.SUPERSEDED));
            }
            IcmpMatcher.Suspects index = new IcmpMatcher.Suspects(list);
            Map<Transmission, Integer> position = new IdentityHashMap<>();
            for (int k = 0; k < n; k++) {
                position.put(list.get(k), k);
            }
            for (int q = 0; q < 50; q++) {
                long rel = n > 0 && r.nextBoolean() ? list.get(r.nextInt(n)).start() + r.nextInt(3) - 1
                        : r.nextLong(span + 2000) - 1000;
                IcmpEvent e = quoting(r.nextInt(4) == 0 ? 6 : 4, r.nextInt(4));
                Transmission expected = null;
                for (Transmission t : list) {
                    if (t.start() == rel && (e.ipVersion() == 6 || t.ipId() == e.quotedIpId() || t.ipId() < 0)) {
                        expected = t;
                        break;
                    }
                }
                assertSame(expected, index.quoted(rel, e), "round " + round + " rel " + rel);
                quotedFound += expected == null ? 0 : 1;
                List<Transmission> holding = new ArrayList<>();
                for (Transmission t : list) {
                    if (!(t.end() <= rel || t.start() > rel)) {
                        holding.add(t);
                    }
                }
                List<Transmission> got = new ArrayList<>(index.holding(rel));
                got.sort(Comparator.comparingInt(position::get));
                assertEquals(holding.size(), got.size(), "round " + round + " rel " + rel);
                for (int k = 0; k < got.size(); k++) {
                    assertSame(holding.get(k), got.get(k));
                }
                held += holding.size();
            }
            assertSame(list, index.holding(Long.MIN_VALUE), "no quoted sequence: every suspect");
        }
        assertTrue(quotedFound > 1000 && held > 1000, "the rounds find quoted and holding transmissions");
    }
}
