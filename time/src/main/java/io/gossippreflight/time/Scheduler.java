package io.gossippreflight.time;

import java.time.Duration;

/**
 * A node's event loop: tasks run one at a time, in submission / due-time order, on one thread
 * (or, in a simulation, on the simulation's thread). All gossip state is changed only from
 * tasks of this scheduler, so it needs no locks.
 */
public interface Scheduler {
    /** The clock the scheduler's due times are measured on. */
    Clock clock();

    /** Runs the task soon, after the tasks already queued. */
    void execute(Runnable task);

    /** Runs the task once, after the delay. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Runs the task after {@code initialDelay}, then again {@code delay} after each run ends
     * (Cassandra's gossip task uses fixed delay, not fixed rate).
     */
    Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task);

    /** True when the calling thread is this scheduler's loop (always true in a simulation). */
    boolean inLoop();

    /** Cancels every pending task and refuses new ones; a real loop's thread ends. */
    void shutdown();
}
