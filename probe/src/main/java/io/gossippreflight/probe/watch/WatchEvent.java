package io.gossippreflight.probe.watch;

import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import java.time.Duration;

/**
 * One check {@code probe watch} ran.
 *
 * @param target the target checked
 * @param kind quick (around the last verdict) or full
 * @param report what it found, or null when it failed ({@code error})
 * @param error why the check could not run, or null
 * @param atMillis when it started (wall clock, ms since the epoch)
 * @param duration how long it took
 * @param adopted the report is now the target's verdict (a quick check that saw a change is not:
 *                a full check confirms it first)
 * @param previous the verdict it replaces when {@code adopted} and different, else null
 * @param first this is the target's first verdict
 */
public record WatchEvent(TargetSpec target, Kind kind, TargetReport report, String error, long atMillis,
                         Duration duration, boolean adopted, TargetReport previous, boolean first) {
    /** How much a check probed. */
    public enum Kind {
        QUICK,
        FULL
    }

    /** The verdict changed with this check (the first verdict is not a change). */
    public boolean changed() {
        return adopted && previous != null;
    }

    /** The first verdict of a target: adopted with nothing before it. */
    public boolean isFirst() {
        return adopted && first;
    }
}
