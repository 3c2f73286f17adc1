package io.gossippreflight.analyzer.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RecentPacketsTest {
    /** The plain ring: compares with every slot, empty slots included (hash 0, point 0, time 0). */
    private static final class Plain {
        final long[] hash = new long[RecentPackets.RECENT];
        final long[] time = new long[RecentPackets.RECENT];
        final int[] point = new int[RecentPackets.RECENT];
        int next;

        boolean seen(long h, int p, long t) {
            for (int i = 0; i < RecentPackets.RECENT; i++) {
                if (hash[i] == h && point[i] == p && Math.abs(t - time[i]) <= CapturePass.DUPLICATE_NANOS) {
                    return true;
                }
            }
            hash[next] = h;
            time[next] = t;
            point[next] = p;
            next = (next + 1) % RecentPackets.RECENT;
            return false;
        }
    }

    @Test
    void answersAsComparingWithEverySlot() {
        SplittableRandom r = new SplittableRandom(3);
        int duplicates = 0;
        for (int round = 0; round < 200; round++) {
            RecentPackets fast = new RecentPackets();
            Plain plain = new Plain();
            // few distinct hashes, many sharing their low 6 bits, hash 0 and times near 0 (the empty slots)
            int hashes = 1 + r.nextInt(40);
            long t = r.nextBoolean() ? 0 : r.nextLong(1L << 40);
            for (int k = 0; k < 2000; k++) {
                long h = r.nextInt(hashes) * (r.nextBoolean() ? 64L : 1L) - (r.nextInt(10) == 0 ? 64 : 0);
                int p = r.nextInt(3);
                t += r.nextInt(4) == 0 ? 0 : r.nextInt(60_000);
                boolean expected = plain.seen(h, p, t);
                assertEquals(expected, fast.seen(h, p, t), "round " + round + " packet " + k);
                duplicates += expected ? 1 : 0;
            }
        }
        assertTrue(duplicates > 10_000, "the rounds hold duplicates");
    }

    @Test
    void aPacketAgainAtTheSamePointSoonIsADuplicate() {
        RecentPackets recent = new RecentPackets();
        assertFalse(recent.seen(12345, 1, 1_000_000));
        assertTrue(recent.seen(12345, 1, 1_000_000 + CapturePass.DUPLICATE_NANOS));
        assertFalse(recent.seen(12345, 2, 1_000_000), "another point");
        assertFalse(recent.seen(12345, 1, 1_000_000 + CapturePass.DUPLICATE_NANOS + 1), "too late");
    }
}
