package io.gossippreflight.node.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ArrivalWindowTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 5_000 * S;

    @Test
    void firstArrivalRecordsTheInitialValue() {
        ArrivalWindow w = new ArrivalWindow(1000, 2 * S, 2 * S);
        w.add(T0);
        assertEquals(1, w.count());
        assertEquals(2.0 * S, w.meanNanos());
        assertEquals(1.5, w.phi(T0 + 3 * S), 1e-9);
    }

    @Test
    void meanOfInitialAndOneSecondIntervals() {
        ArrivalWindow w = new ArrivalWindow(1000, 2 * S, 2 * S);
        for (int i = 0; i < 60; i++) {
            w.add(T0 + i * S);
        }
        // 2 s + 59 × 1 s over 60 samples
        assertEquals(60, w.count());
        assertEquals(61.0 / 60 * S, w.meanNanos(), 1);
    }

    @Test
    void intervalsOverTheMaximumAreIgnoredButMoveTheLastArrival() {
        ArrivalWindow w = new ArrivalWindow(1000, 2 * S, 2 * S);
        w.add(T0);
        w.add(T0 + S);
        w.add(T0 + S + 30 * S); // a 30 s partition: not learnt
        assertEquals(2, w.count());
        assertEquals(1.5 * S, w.meanNanos(), 1);
        assertEquals(T0 + 31 * S, w.lastArrivalNanos());
        w.add(T0 + 33 * S); // exactly the maximum is recorded
        assertEquals(3, w.count());
    }

    @Test
    void windowKeepsOnlyTheLastSizeSamples() {
        ArrivalWindow w = new ArrivalWindow(1000, 2 * S, 10 * S);
        long t = T0;
        w.add(t);
        for (int i = 0; i < 999; i++) {
            t += S;
            w.add(t);
        }
        assertEquals(1000, w.count());
        assertEquals(1.001 * S, w.meanNanos(), 1);
        t += S; // pushes the initial 2 s sample out
        w.add(t);
        assertEquals(1000, w.count());
        assertEquals(1.0 * S, w.meanNanos(), 1);
        for (int i = 0; i < 1000; i++) {
            t += 3 * S;
            w.add(t);
        }
        assertEquals(3.0 * S, w.meanNanos(), 1);
    }

    @Test
    void phiBeforeAnyArrivalIsAnError() {
        ArrivalWindow w = new ArrivalWindow(10, S, S);
        assertThrows(IllegalStateException.class, () -> w.phi(T0));
        assertThrows(IllegalArgumentException.class, () -> new ArrivalWindow(0, S, S));
    }
}
