package io.gossippreflight.cli.render;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a report writes times: absolute in UTC (to match against system.log; the date once in the
 * header when everything happened on one day), or relative to the first packet.
 */
public final class TimeFormat {
    /** {@code --time absolute|relative}. */
    public enum Style {
        ABSOLUTE, RELATIVE;

        /** The style named on the command line, or a usage error listing the names. */
        public static Style parse(String s) {
            switch (s.toLowerCase(Locale.ROOT)) {
                case "absolute": return ABSOLUTE;
                case "relative": return RELATIVE;
                default: throw new IllegalArgumentException("--time is absolute or relative, got '" + s + "'");
            }
        }
    }

    static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter FULL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private final Style style;
    private final long zero;
    /** The one UTC day every time falls on, or null when they span several (then each time has its date). */
    private final LocalDate day;

    /**
     * @param zero  epoch nanoseconds relative times count from (the first packet)
     * @param last  the latest time the report will show
     */
    public TimeFormat(Style style, long zero, long last) {
        this.style = style;
        this.zero = zero;
        LocalDate a = date(zero);
        this.day = a.equals(date(Math.max(zero, last))) ? a : null;
    }

    public Style style() {
        return style;
    }

    private static LocalDate date(long epochNanos) {
        return instant(epochNanos).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }

    /** "13:33:51.593263", "2026-12-06 13:33:51.593263" (several days) or "+0.293263s". */
    public String at(long epochNanos) {
        if (style == Style.RELATIVE) {
            return Times.since(epochNanos, zero);
        }
        return day != null ? clock(epochNanos) : FULL.format(instant(epochNanos));
    }

    /**
     * "13:33:51.593263": what {@link #CLOCK} writes (UTC time of day, microseconds cut, not
     * rounded), written directly: a report lists thousands of times, and the formatter is the
     * slower way while the code is cold.
     */
    static String clock(long epochNanos) {
        long second = Math.floorMod(Math.floorDiv(epochNanos, 1_000_000_000L), 86_400L);
        long micros = Math.floorMod(epochNanos, 1_000_000_000L) / 1000;
        char[] c = new char[15];
        digits(c, 0, 2, second / 3600);
        c[2] = ':';
        digits(c, 3, 2, second / 60 % 60);
        c[5] = ':';
        digits(c, 6, 2, second % 60);
        c[8] = '.';
        digits(c, 9, 6, micros);
        return new String(c);
    }

    /** {@code v} (0 <= v < 10^n) as n decimal digits with leading zeros, at {@code c[at]}. */
    private static void digits(char[] c, int at, int n, long v) {
        for (int i = at + n - 1; i >= at; i--) {
            c[i] = (char) ('0' + v % 10);
            v /= 10;
        }
    }

    /** "13:33:51.593263 .. 13:34:18.387900 (26.8 s)", or just the time when both are the same. */
    public String span(long first, long last) {
        if (last <= first) {
            return at(first);
        }
        return at(first) + " .. " + at(last) + " (" + duration(last - first) + ")";
    }

    /** "26.8 s", "350 ms", "42 us". */
    public static String duration(long nanos) {
        if (nanos >= 10_000_000_000L) {
            return String.format(Locale.ROOT, "%.0f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
        }
        if (nanos >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.0f us", nanos / 1e3);
    }

    /** One line for the top of a report: what the times mean. */
    public String legend() {
        if (style == Style.RELATIVE) {
            return "times in seconds since the first packet, " + FULL.format(instant(zero)) + " UTC; --time absolute for clock times";
        }
        return day != null ? "times in UTC on " + day + "; --time relative for seconds since the first packet"
                : "times in UTC; --time relative for seconds since the first packet";
    }
}
