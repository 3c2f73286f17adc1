package io.gossippreflight.time;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.function.BooleanSupplier;

/**
 * Deterministic time for tests and simulations: one virtual clock shared by any number of
 * {@link SimScheduler}s (one per simulated node). Nothing runs until the test advances time;
 * tasks then run in due-time order, ties broken by submission order, all on the caller's thread.
 */
public final class SimulatedTime implements Clock {
    /** An arbitrary non-zero origin, so code cannot rely on nanoTime() starting at 0. */
    private static final long NANO_ORIGIN = 1_000_000_000_000L;

    private final long wallOriginMillis;
    private final PriorityQueue<SimTask> queue = new PriorityQueue<>();
    private long now = NANO_ORIGIN;
    private long sequence;
    private long tasksRun;

    /** @param wallOriginMillis what {@link #currentTimeMillis()} reads before time is advanced */
    public SimulatedTime(long wallOriginMillis) {
        this.wallOriginMillis = wallOriginMillis;
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public long currentTimeMillis() {
        return wallOriginMillis + (now - NANO_ORIGIN) / 1_000_000L;
    }

    /** Time elapsed since this simulation began. */
    public Duration elapsed() {
        return Duration.ofNanos(now - NANO_ORIGIN);
    }

    /** How many tasks have run so far (a cheap progress and determinism check). */
    public long tasksRun() {
        return tasksRun;
    }

    /** A new event loop on this clock; its wall clock reads {@code wallOffsetMillis} ahead. */
    public SimScheduler newScheduler(String name, long wallOffsetMillis) {
        return new SimScheduler(this, name, wallOffsetMillis);
    }

    public SimScheduler newScheduler(String name) {
        return newScheduler(name, 0);
    }

    /** Runs every task due within {@code d}, in order, leaving the clock at now + d. */
    public void advance(Duration d) {
        long deadline = Math.addExact(now, d.toNanos());
        runUntilDeadline(deadline, null, 0);
        now = deadline;
    }

    /** Runs the tasks that are due now (including those they submit for now). */
    public void runDueTasks() {
        runUntilDeadline(now, null, 0);
    }

    /** Default spacing of condition checks in {@link #advanceUntil(BooleanSupplier, Duration)}. */
    public static final Duration CHECK_EVERY = Duration.ofMillis(10);

    /**
     * Advances until {@code done} holds, checking it (once up front, then whenever the clock is
     * about to move on, at most every {@link #CHECK_EVERY}). Returns the time that took, or
     * throws if {@code max} passes first.
     */
    public Duration advanceUntil(BooleanSupplier done, Duration max) {
        return advanceUntil(done, max, CHECK_EVERY);
    }

    /** As {@link #advanceUntil(BooleanSupplier, Duration)}, checking at most every {@code checkEvery}. */
    public Duration advanceUntil(BooleanSupplier done, Duration max, Duration checkEvery) {
        long start = now;
        long deadline = Math.addExact(now, max.toNanos());
        runUntilDeadline(now, null, 0);
        if (done.getAsBoolean()) {
            return Duration.ZERO;
        }
        if (runUntilDeadline(deadline, done, checkEvery.toNanos())) {
            return Duration.ofNanos(now - start);
        }
        now = deadline;
        if (done.getAsBoolean()) {
            return Duration.ofNanos(now - start);
        }
        throw new AssertionError("condition not reached within " + max + " of simulated time");
    }

    /** Returns true as soon as {@code done} holds (checked when the clock is about to move, spaced). */
    private boolean runUntilDeadline(long deadline, BooleanSupplier done, long checkEvery) {
        long lastCheck = now;
        while (true) {
            SimTask next = queue.peek();
            if (next == null || next.due > deadline) {
                return false;
            }
            if (next.due > now) {
                if (done != null && next.due - lastCheck >= checkEvery) {
                    lastCheck = now;
                    if (done.getAsBoolean()) {
                        return true;
                    }
                }
                now = next.due;
            }
            queue.poll();
            if (!next.cancelled && !next.owner.isShutdown()) {
                long resume = next.owner.pausedUntil();
                if (resume > now) {
                    // the owner's loop is frozen (a simulated GC pause): run it when the pause ends
                    enqueue(next.owner, resume, next.period, next.body, next);
                    continue;
                }
                tasksRun++;
                next.body.run();
                if (next.period > 0 && !next.cancelled && !next.owner.isShutdown()) {
                    enqueue(next.owner, now + next.period, next.period, next.body, next);
                }
            }
        }
    }

    SimTask enqueue(SimScheduler owner, long due, long period, Runnable body, SimTask handle) {
        SimTask task = handle == null ? new SimTask(owner, body, period) : handle;
        task.due = due;
        task.seq = sequence++;
        queue.add(task);
        return task;
    }

    long now() {
        return now;
    }

    /** One queued task; a periodic task reuses its object so cancel() keeps working. */
    static final class SimTask implements Comparable<SimTask>, Cancellable {
        final SimScheduler owner;
        final Runnable body;
        final long period;
        long due;
        long seq;
        boolean cancelled;

        SimTask(SimScheduler owner, Runnable body, long period) {
            this.owner = owner;
            this.body = body;
            this.period = period;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(SimTask o) {
            int c = Long.compare(due, o.due);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
