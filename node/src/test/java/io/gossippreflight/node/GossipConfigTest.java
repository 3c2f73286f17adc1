package io.gossippreflight.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GossipConfigTest {
    @Test
    void defaultsAreCassandras() {
        GossipConfig c = GossipConfig.defaults("prod");
        assertEquals("prod", c.clusterName());
        assertEquals(Duration.ofSeconds(1), c.interval());
        assertEquals(8.0, c.phiConvictThreshold());
        assertEquals(1000, c.arrivalWindowSize());
        assertEquals(Duration.ofSeconds(2), c.fdInitialValue());
        assertEquals(Duration.ofSeconds(2), c.fdMaxInterval());
        assertEquals(Duration.ofSeconds(5), c.maxLocalPause());
        assertEquals(Duration.ofSeconds(30), c.ringDelay());
        assertEquals(Duration.ofSeconds(60), c.quarantineDelay());
        assertEquals(Duration.ofSeconds(30), c.fatClientTimeout());
        assertEquals(Duration.ofSeconds(300), c.failedBootstrapTimeout());
        assertEquals(Duration.ofMillis(259_200_000), c.leftExpiry());
        assertEquals(Duration.ofSeconds(5), c.shadowRoundRetry());
        assertEquals(GossipConfig.MURMUR3_PARTITIONER, c.partitioner());
    }

    @Test
    void derivedValuesFollowTheirBase() {
        GossipConfig c = GossipConfig.builder().ringDelay(Duration.ofSeconds(10)).interval(Duration.ofMillis(200)).build();
        assertEquals(Duration.ofSeconds(20), c.quarantineDelay());
        assertEquals(Duration.ofSeconds(10), c.fatClientTimeout());
        assertEquals(Duration.ofMillis(400), c.fdInitialValue());
        GossipConfig copy = c.toBuilder().leftExpiry(Duration.ofMinutes(5)).build();
        assertEquals(Duration.ofSeconds(20), copy.quarantineDelay());
        assertEquals(Duration.ofMinutes(5), copy.leftExpiry());
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GossipConfig.builder().phiConvictThreshold(0).build());
        assertTrue(e.getMessage().contains("phiConvictThreshold"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GossipConfig.builder().interval(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class, () -> GossipConfig.builder().leftExpiry(Duration.ofSeconds(-1)).build());
        assertThrows(IllegalArgumentException.class, () -> GossipConfig.builder().clusterName("").build());
        assertThrows(IllegalArgumentException.class, () -> GossipConfig.builder().arrivalWindowSize(0).build());
        assertThrows(IllegalArgumentException.class,
                () -> GossipConfig.builder().interval(Duration.ofSeconds(10)).build(), "pause guard must exceed a round");
    }
}
