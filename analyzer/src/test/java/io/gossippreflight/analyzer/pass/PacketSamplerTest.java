package io.gossippreflight.analyzer.pass;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Selecting the sampler's new threshold gives exactly the element a full sort would. */
class PacketSamplerTest {
    @Test
    void selectIsTheSortedElementOnEveryShapeOfInput() {
        SplittableRandom rnd = new SplittableRandom(7);
        for (int n : new int[] {1, 2, 3, 5, 16, 17, 100, 1000, 16384}) {
            long[][] inputs = {
                rnd.longs(n).toArray(),                         // hashes
                rnd.longs(n, 0, 4).toArray(),                   // many duplicates
                sortedOf(rnd.longs(n).toArray(), false),        // ascending
                sortedOf(rnd.longs(n).toArray(), true),         // descending
                new long[n],                                    // all equal
            };
            for (long[] in : inputs) {
                long[] sorted = in.clone();
                Arrays.sort(sorted);
                for (int k : new int[] {0, n / 2, n - 1}) {
                    assertEquals(sorted[k], PacketSampler.select(in.clone(), k), "n=" + n + " k=" + k);
                }
            }
        }
    }

    @Test
    void aFullSampleKeepsTheLowerHalfOfItsHashes() {
        PacketSampler s = new PacketSampler(64);
        SplittableRandom rnd = new SplittableRandom(11);
        long[] offered = rnd.longs(65).toArray();
        for (long h : offered) {
            s.offer(h, 0, 0, 0, 64);
        }
        long[] first64 = Arrays.copyOf(offered, 64);
        for (int i = 0; i < 64; i++) {
            first64[i] ^= Long.MIN_VALUE;
        }
        Arrays.sort(first64);
        long threshold = first64[32] ^ Long.MIN_VALUE;
        assertEquals(threshold, s.threshold());
        long kept = Arrays.stream(offered).filter(h -> Long.compareUnsigned(h, threshold) < 0).count();
        assertEquals(kept, s.size());
    }

    private static long[] sortedOf(long[] a, boolean descending) {
        Arrays.sort(a);
        if (descending) {
            for (int i = 0, j = a.length - 1; i < j; i++, j--) {
                long t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
        }
        return a;
    }
}
