package io.gossippreflight.time;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Seeded random sources, so a simulation run is reproducible from one number. */
public final class Randoms {
    private Randoms() {
    }

    /** A random source for {@code name} derived from {@code seed}: same inputs, same sequence. */
    public static Random derive(long seed, String name) {
        long h = seed ^ 0x9E3779B97F4A7C15L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            h = mix(h + b);
        }
        return new Random(mix(h));
    }

    /** SplitMix64 finaliser: spreads nearby seeds far apart. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
