package io.gossippreflight.node.fd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.fd.FailureDetector.Outcome;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Detection times on a stepped clock: heartbeats every second, then silence; interpret every second. */
class FailureDetectorTest {
    private static final long S = 1_000_000_000L;
    private static final long T0 = 10_000 * S;

    /** Seconds of silence until the first round that convicts, after {@code heard} heartbeats 1 s apart. */
    private static int secondsToConvict(GossipConfig config, int heard, long hbEvery) {
        FailureDetector<String> fd = new FailureDetector<>(config, T0);
        long t = T0;
        for (int i = 0; i < heard; i++) {
            t += hbEvery;
            fd.report("peer", t);
            assertEquals(Outcome.OK, fd.interpret("peer", t).outcome());
        }
        for (int s = 1; s <= 600; s++) {
            FailureDetector.Verdict v = fd.interpret("peer", t + s * S);
            if (v.outcome() == Outcome.CONVICT) {
                assertTrue(v.scaledPhi() > config.phiConvictThreshold());
                return s;
            }
            assertEquals(Outcome.OK, v.outcome(), "at " + s + " s");
        }
        throw new AssertionError("never convicted");
    }

    @ParameterizedTest(name = "threshold {0}, {1} heartbeats -> down after {2} s")
    @CsvSource({
        // mean = (2 + (n-1)) / n s; convicted at the first whole second > threshold · ln10 · mean
        "8,  1000, 19",   // mean 1.001 s -> 18.44 s
        "8,  60,   19",   // mean 1.0167 s -> 18.73 s
        "8,  3,    25",   // mean 1.333 s -> 24.56 s
        "5,  1000, 12",   // 11.52 s
        "12, 1000, 28",   // 27.66 s
    })
    void downAfterExpectedSilence(double threshold, int heard, int expectedSeconds) {
        GossipConfig c = GossipConfig.builder().phiConvictThreshold(threshold).build();
        int got = secondsToConvict(c, heard, S);
        double mean = (2.0 + (heard - 1)) / heard;
        int predicted = (int) Math.floor(threshold * Math.log(10) * mean) + 1;
        assertEquals(predicted, got, "prediction from the formula");
        assertEquals(expectedSeconds, got);
    }

    @Test
    void defaultsGiveRoughlyEighteenSeconds() {
        int got = secondsToConvict(GossipConfig.defaults("c"), 120, S);
        assertTrue(got >= 18 && got <= 19, "≈18 s at 1 s rounds, got " + got);
    }

    @Test
    void unknownEndpointIsNeitherUpNorConvicted() {
        FailureDetector<String> fd = new FailureDetector<>(GossipConfig.defaults("c"), T0);
        assertEquals(Outcome.UNKNOWN, fd.interpret("x", T0 + 100 * S).outcome());
        assertTrue(Double.isNaN(fd.currentPhi("x", T0)));
    }

    @Test
    void localPauseConvictsNobodyForMaxLocalPause() {
        GossipConfig c = GossipConfig.defaults("c");
        FailureDetector<String> fd = new FailureDetector<>(c, T0);
        long t = T0;
        for (int i = 0; i < 30; i++) {
            t += S;
            fd.report("a", t);
            fd.report("b", t);
            fd.interpret("a", t);
            fd.interpret("b", t);
        }
        // our process freezes for 25 s: everyone looks silent, yet nobody is convicted
        t += 25 * S;
        assertEquals(Outcome.LOCAL_PAUSE, fd.interpret("a", t).outcome());
        assertEquals(Outcome.LOCAL_PAUSE, fd.interpret("b", t).outcome());
        for (int s = 1; s < 5; s++) {
            assertEquals(Outcome.LOCAL_PAUSE, fd.interpret("a", t + s * S).outcome(), "still within 5 s of the pause");
        }
        // after the guard, silence convicts again if the peer really is silent
        assertEquals(Outcome.CONVICT, fd.interpret("a", t + 5 * S).outcome());
        // a peer that resumed heartbeats is fine
        fd.report("b", t + 5 * S);
        assertEquals(Outcome.OK, fd.interpret("b", t + 6 * S).outcome());
    }

    @Test
    void removeForgetsHistory() {
        GossipConfig c = GossipConfig.builder().fdInitialValue(Duration.ofSeconds(4)).build();
        FailureDetector<String> fd = new FailureDetector<>(c, T0);
        fd.report("a", T0);
        assertEquals(4.0 * S, fd.meanNanos("a"), 1);
        assertEquals(4.0 * S, c.fdMaxInterval().toNanos(), 1, "max interval defaults to the initial value");
        fd.remove("a");
        assertTrue(Double.isNaN(fd.meanNanos("a")));
    }
}
