package io.gossippreflight.cli.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimeFormatTest {
    private static String viaFormatter(long epochNanos) {
        return TimeFormat.CLOCK.format(Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L),
                Math.floorMod(epochNanos, 1_000_000_000L)));
    }

    @Test
    void clockWritesWhatTheFormatterWrites() {
        SplittableRandom r = new SplittableRandom(9);
        long[] edges = {0, -1, 1, 999, 1000, 999_999_999, 1_000_000_000, -1_000_000_000, 86_400_000_000_000L - 1,
            86_400_000_000_000L, -86_400_000_000_000L, 1_700_000_000_999_999_999L, -1_700_000_000_000_000_001L,
            Long.MAX_VALUE, Long.MIN_VALUE};
        for (long t : edges) {
            assertEquals(viaFormatter(t), TimeFormat.clock(t), "at " + t);
        }
        for (int k = 0; k < 100_000; k++) {
            long t = k % 2 == 0 ? r.nextLong() : 1_700_000_000_000_000_000L + r.nextLong(1L << 50) - (1L << 49);
            assertEquals(viaFormatter(t), TimeFormat.clock(t), "at " + t);
        }
    }

    @Test
    void absoluteTimesOnOneDayAreClockTimes() {
        long zero = 1_700_000_000_123_456_789L;
        TimeFormat f = new TimeFormat(TimeFormat.Style.ABSOLUTE, zero, zero + 5_000_000_000L);
        assertEquals("22:13:20.123456", f.at(zero));
        assertEquals("22:13:20.123456 .. 22:13:25.123456 (5.0 s)", f.span(zero, zero + 5_000_000_000L));
    }
}
