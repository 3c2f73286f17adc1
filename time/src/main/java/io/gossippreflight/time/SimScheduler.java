package io.gossippreflight.time;

import java.time.Duration;

/**
 * One simulated node's event loop on a shared {@link SimulatedTime}. It can be paused (its
 * tasks wait, as in a long GC pause) and shut down (its tasks are dropped, as in kill -9).
 */
public final class SimScheduler implements Scheduler {
    private final SimulatedTime time;
    private final String name;
    private final Clock clock;
    private boolean shutdown;
    private long pausedUntil = Long.MIN_VALUE;

    SimScheduler(SimulatedTime time, String name, long wallOffsetMillis) {
        this.time = time;
        this.name = name;
        this.clock = new Clock() {
            @Override
            public long nanoTime() {
                return time.nanoTime();
            }

            @Override
            public long currentTimeMillis() {
                return time.currentTimeMillis() + wallOffsetMillis;
            }
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        if (!shutdown) {
            time.enqueue(this, time.now(), 0, task, null);
        }
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (shutdown) {
            return () -> { };
        }
        return time.enqueue(this, time.now() + nonNegative(delay), 0, task, null);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        long period = nonNegative(delay);
        if (period == 0) {
            throw new IllegalArgumentException("a periodic task needs a positive delay: " + delay);
        }
        if (shutdown) {
            return () -> { };
        }
        return time.enqueue(this, time.now() + nonNegative(initialDelay), period, task, null);
    }

    @Override
    public boolean inLoop() {
        return true;
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    public boolean isShutdown() {
        return shutdown;
    }

    /** Freezes this loop for {@code d}: due tasks run only when the pause ends. */
    public void pause(Duration d) {
        pausedUntil = Math.max(pausedUntil, time.now() + nonNegative(d));
    }

    long pausedUntil() {
        return pausedUntil;
    }

    @Override
    public String toString() {
        return "SimScheduler[" + name + "]";
    }

    private static long nonNegative(Duration d) {
        if (d.isNegative()) {
            throw new IllegalArgumentException("negative delay: " + d);
        }
        return d.toNanos();
    }
}
