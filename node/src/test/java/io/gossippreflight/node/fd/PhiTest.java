package io.gossippreflight.node.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class PhiTest {
    private static final long S = 1_000_000_000L;

    @Test
    void factorIsOneOverLnTen() {
        assertEquals(0.4342944819, Phi.PHI_FACTOR, 1e-9);
    }

    @ParameterizedTest(name = "silence {0}s, mean {1}s, threshold {2} -> convict {3}")
    @CsvSource({
        // silence, mean, threshold, convicts, scaled phi
        "1,    1.0, 8, false, 0.4343",
        "18,   1.0, 8, false, 7.8173",
        "18.42, 1.0, 8, false, 7.9997",
        "18.43, 1.0, 8, true, 8.0041",
        "19,   1.0, 8, true, 8.2516",
        "36,   2.0, 8, false, 7.8173",
        "37,   2.0, 8, true, 8.0344",
        "10,   1.0, 4, true, 4.3429",
        "11.5, 1.0, 5, true, 4.9944",
    })
    void phiTable(double silenceSeconds, double meanSeconds, double threshold, boolean convicts, double scaled) {
        double phi = Phi.phi((long) (silenceSeconds * S), meanSeconds * S);
        assertEquals(scaled, Phi.scaled(phi), 1e-3);
        if (Math.abs(Phi.scaled(phi) - threshold) > 1e-3) {
            assertEquals(Phi.scaled(phi) > threshold, Phi.convicts(phi, threshold));
        }
        if (threshold == 8) {
            assertEquals(convicts, Phi.convicts(phi, threshold));
        }
    }

    @Test
    void silenceToConvictIsThresholdTimesLnTenTimesMean() {
        assertEquals(18.4207, Phi.silenceToConvictNanos(S, 8) / S, 1e-4);
        assertEquals(36.8414, Phi.silenceToConvictNanos(2.0 * S, 8) / S, 1e-4);
        assertEquals(27.6310, Phi.silenceToConvictNanos(S, 12) / S, 1e-4);
    }

    @Test
    void nonPositiveMeanIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Phi.phi(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Phi.phi(1, Double.NaN));
    }
}
