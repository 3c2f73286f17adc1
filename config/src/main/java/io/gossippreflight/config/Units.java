package io.gossippreflight.config;

import java.time.Duration;

/** Durations and sizes written the way an operator reads them in messages. */
public final class Units {
    private Units() {
    }

    /** A duration as an operator writes it: 30 s, 2 min, 72 h, 500 ms. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms >= 86_400_000 * 2L) {
            return ms / 86_400_000 + " d";
        }
        if (ms % 3_600_000 == 0 && ms >= 3_600_000) {
            return ms / 3_600_000 + " h";
        }
        if (ms % 60_000 == 0 && ms >= 60_000) {
            return ms / 60_000 + " min";
        }
        if (ms % 1000 == 0 && ms >= 1000) {
            return ms / 1000 + " s";
        }
        return ms + " ms";
    }

    static String unitName(String u) {
        return switch (u) {
            case "ms" -> "milliseconds";
            case "s" -> "seconds";
            case "m" -> "minutes";
            case "h" -> "hours";
            default -> "days";
        };
    }

    /** A byte count as an operator writes it: 4MiB, 512KiB, 100B. */
    public static String bytes(long b) {
        if (b >= 1L << 30 && b % (1L << 30) == 0) {
            return (b >> 30) + "GiB";
        }
        if (b >= 1L << 20 && b % (1L << 20) == 0) {
            return (b >> 20) + "MiB";
        }
        if (b >= 1L << 10 && b % (1L << 10) == 0) {
            return (b >> 10) + "KiB";
        }
        return b + "B";
    }

}
