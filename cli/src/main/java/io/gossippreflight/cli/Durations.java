package io.gossippreflight.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations on the command line as config files write them: 60s, 500ms, 5m, 1h; a bare number is seconds. */
final class Durations {
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)?", Pattern.CASE_INSENSITIVE);

    private Durations() {
    }

    static Duration parse(String text, String option, Duration min, Duration max) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim());
        if (!m.matches()) {
            throw PreflightException.usage(option + " '" + text + "' is not a duration: write e.g. 60s, 500ms, 5m or 1h");
        }
        long n = Long.parseLong(m.group(1));
        String u = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        Duration d = switch (u) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw PreflightException.usage(option + " " + text + " is out of range: use "
                    + io.gossippreflight.config.Units.human(min) + " to " + io.gossippreflight.config.Units.human(max));
        }
        return d;
    }
}
