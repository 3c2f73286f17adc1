package io.gossippreflight.verdict;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MtuEstimateTest {
    @Test
    void describesExactBracketAndUnknown() {
        assertEquals("1422 (from ICMP)", new MtuEstimate(1422, null, 757, 4100, 1422, MtuEstimate.Source.ICMP).describe());
        MtuEstimate bracket = new MtuEstimate(null, null, 757, 4100, null, MtuEstimate.Source.NONE);
        assertEquals("757 <= MTU <= 4099", bracket.describe());
        assertEquals(757, bracket.safeValue());
        assertEquals(4099, bracket.upperBound());
        assertEquals(">= 1500", new MtuEstimate(null, null, 1500, null, null, MtuEstimate.Source.NONE).describe());
        assertEquals("unknown", MtuEstimate.unknown().describe());
        MtuEstimate plateau = new MtuEstimate(null, 2002, 757, 4100, null, MtuEstimate.Source.PLATEAU);
        assertEquals(2002, plateau.safeValue());
        assertEquals("757 <= MTU <= 4099, about 2002 (RFC 1191 plateau estimate)", plateau.describe());
    }
}
