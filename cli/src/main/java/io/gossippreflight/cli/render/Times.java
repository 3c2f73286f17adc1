package io.gossippreflight.cli.render;

import java.time.Instant;

/** Time formats of the reports. */
public final class Times {
    private Times() {
    }

    /** ISO-8601 UTC with nanoseconds trimmed of trailing zeros. */
    public static String iso(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L))
                .toString();
    }

    /** "+12.345678s" since {@code zero}. */
    public static String since(long epochNanos, long zero) {
        double s = (epochNanos - zero) / 1e9;
        return String.format("%+.6fs", s);
    }
}
