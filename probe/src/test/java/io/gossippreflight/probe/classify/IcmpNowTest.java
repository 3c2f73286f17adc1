package io.gossippreflight.probe.classify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gossippreflight.probe.udp.IcmpWitness.Outcome;
import org.junit.jupiter.api.Test;

class IcmpNowTest {
    @Test
    void aSmallAndALargeWitnessTogether() {
        assertEquals(IcmpNow.ARRIVES, IcmpNow.of(Outcome.REACHED, Outcome.TOO_BIG));
        assertEquals(IcmpNow.ARRIVES, IcmpNow.of(Outcome.SILENT, Outcome.TOO_BIG), "an ICMP is an ICMP");
        assertEquals(IcmpNow.NO_LIMIT, IcmpNow.of(Outcome.REACHED, Outcome.REACHED));
        assertEquals(IcmpNow.SILENT, IcmpNow.of(Outcome.REACHED, Outcome.SILENT));
        assertEquals(IcmpNow.UNANSWERED, IcmpNow.of(Outcome.SILENT, Outcome.SILENT), "UDP filtered: nothing to tell");
    }

    @Test
    void whatOurResponderReportsTravelsAsACode() {
        for (Outcome o : new Outcome[] {Outcome.TOO_BIG, Outcome.REACHED, Outcome.SILENT}) {
            assertEquals(o, Outcome.ofCode(o.code()));
        }
        assertEquals(Outcome.NO_REPORT, Outcome.ofCode(0));
        assertEquals(Outcome.NO_REPORT, Outcome.ofCode(99), "an unknown code is no report, never a finding");
        assertEquals(IcmpNow.ARRIVES, IcmpNow.ofReport(Outcome.TOO_BIG));
        assertEquals(IcmpNow.SILENT, IcmpNow.ofReport(Outcome.SILENT));
        assertEquals(IcmpNow.NO_LIMIT, IcmpNow.ofReport(Outcome.REACHED));
        assertEquals(IcmpNow.UNANSWERED, IcmpNow.ofReport(Outcome.NO_REPORT));
    }
}
