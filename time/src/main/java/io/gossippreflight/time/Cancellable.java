package io.gossippreflight.time;

/** A handle on a scheduled task. */
@FunctionalInterface
public interface Cancellable {
    /** Stops the task from running (again). Idempotent; a task already running finishes. */
    void cancel();
}
