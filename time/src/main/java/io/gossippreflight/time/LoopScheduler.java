package io.gossippreflight.time;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A real event loop: one daemon thread per node. A task that throws is reported to the
 * handler and does not stop the loop (nor, for periodic tasks, later runs).
 */
public final class LoopScheduler implements Scheduler {
    /** Receives exceptions thrown by tasks (the node logs them). */
    @FunctionalInterface
    public interface ErrorHandler {
        void onError(Throwable t);
    }

    private final ScheduledThreadPoolExecutor executor;
    private final ErrorHandler errors;
    private final Clock clock;
    private volatile Thread loopThread;

    public LoopScheduler(String threadName, ErrorHandler errors) {
        this(threadName, errors, SystemClock.INSTANCE);
    }

    /** A loop whose tasks read time from {@code clock} (the system clock, or one a test offsets). */
    public LoopScheduler(String threadName, ErrorHandler errors, Clock clock) {
        this.errors = errors;
        this.clock = clock;
        this.executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            loopThread = t;
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(guarded(task));
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        ScheduledFuture<?> f = executor.scheduleWithFixedDelay(guarded(task), initialDelay.toNanos(),
                delay.toNanos(), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return Thread.currentThread() == loopThread;
    }

    @Override
    public void shutdown() {
        executor.shutdownNow();
    }

    /** Waits (bounded) for the loop thread to end after {@link #shutdown()}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return executor.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                errors.onError(e);
            }
        };
    }
}
