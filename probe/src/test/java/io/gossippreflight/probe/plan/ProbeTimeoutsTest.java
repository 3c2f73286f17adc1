package io.gossippreflight.probe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProbeTimeoutsTest {
    @ParameterizedTest(name = "rtt {0} µs ± {1}: quick {2} ms, confirm after rto {3} µs {4} ms")
    @CsvSource({
        // a lab link: the floor wins, Linux's minimum RTO too
        "60, 30, 25, 201000, 226",
        // 20 ms WAN: 4 × (20 + 4 × 5) = 160 ms
        "20000, 5000, 160, 220000, 380",
        // 150 ms intercontinental, jittery: 4 × (150 + 4 × 50) = 1400 ms
        "150000, 50000, 1400, 350000, 1750",
        // a pathological 2 s RTT: capped at 3 s
        "2000000, 500000, 3000, 3000000, 6000",
        // rto below the Linux minimum is raised to 200 ms
        "100, 50, 25, 1000, 225",
    })
    void adaptsToTheMeasuredRtt(long rtt, long rttvar, long quickMs, long rto, long confirmMs) {
        ProbeTimeouts t = ProbeTimeouts.DEFAULT;
        assertEquals(Duration.ofMillis(quickMs), t.quick(rtt, rttvar));
        assertEquals(Duration.ofMillis(confirmMs), t.confirm(rto, rtt, rttvar));
    }
}
