package io.gossippreflight.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.fd.FailureDetector;
import io.gossippreflight.node.fd.Phi;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** kill -9 one node of a converged cluster: when does everyone mark it down, against phi's prediction? */
class DetectionSimTest {
    private static final long S = 1_000_000_000L;

    /** Detection delays (seconds after the kill) at every observer; checks each against the phi formula. */
    private static List<Double> killAndMeasure(double threshold, long seed) {
        GossipConfig config = GossipConfig.builder().clusterName("sim").ringDelay(Duration.ofSeconds(5))
                .phiConvictThreshold(threshold).build();
        SimCluster c = new SimCluster(seed, config);
        c.network().delay(Duration.ofMillis(1), Duration.ofMillis(20));
        c.addHosts(30, 3);
        c.startAll(Duration.ofMillis(200));
        c.until(c::converged, Duration.ofMinutes(3));
        c.run(Duration.ofSeconds(60)); // let arrival windows fill with steady-state intervals
        SimCluster.Host victim = c.host(7);
        InetAddressAndPort x = victim.address();
        long killedAt = c.time().nanoTime();
        c.kill(victim);
        c.until(() -> c.allSee(List.of(victim), (o, s) -> !o.node().gossiper().endpoints().live().contains(x)),
                Duration.ofMinutes(2));
        List<Double> delays = new ArrayList<>();
        for (SimCluster.Event e : c.events("DOWN", x)) {
            SimCluster.Host o = c.host(e.observer());
            FailureDetector<InetAddressAndPort> fd = o.node().gossiper().failureDetector();
            double mean = fd.meanNanos(x);
            long last = fd.lastArrivalNanos(x);
            double predicted = last + Phi.silenceToConvictNanos(mean, threshold);
            double late = e.nanos() - predicted;
            // convicted at the first status check (one per 1 s round) after phi crosses the threshold
            assertTrue(late > 0 && late <= 1.0 * S + 1, o.address() + " convicted " + late / S + " s after the prediction");
            delays.add((e.nanos() - killedAt) / (double) S);
        }
        assertEquals(29, delays.size(), "every other node marked it down exactly once");
        Collections.sort(delays);
        return delays;
    }

    @Test
    void defaultThresholdDetectsInAboutEighteenSeconds() {
        List<Double> d = killAndMeasure(8, 11);
        double median = d.get(d.size() / 2);
        assertTrue(d.get(0) >= 15 && d.get(d.size() - 1) <= 30, "range " + d);
        assertTrue(median >= 17 && median <= 23, "median " + median + " of " + d);
    }

    @Test
    void higherThresholdDetectsProportionallyLater() {
        double m8 = median(killAndMeasure(8, 12));
        double m12 = median(killAndMeasure(12, 12));
        assertTrue(m12 / m8 > 1.3 && m12 / m8 < 1.7, "phi 12 vs 8: " + m12 + " / " + m8);
    }

    private static double median(List<Double> d) {
        return d.get(d.size() / 2);
    }
}
