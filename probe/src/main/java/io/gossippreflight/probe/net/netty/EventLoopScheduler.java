package io.gossippreflight.probe.net.netty;

import io.gossippreflight.time.Cancellable;
import io.gossippreflight.time.Clock;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.time.SystemClock;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A Netty event loop as a {@link Scheduler} on the system clock (System.nanoTime, as Netty's own timers). */
public final class EventLoopScheduler implements Scheduler {
    private final EventLoop loop;

    public EventLoopScheduler(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public Clock clock() {
        return SystemClock.INSTANCE;
    }

    @Override
    public void execute(Runnable task) {
        loop.execute(task);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> f = loop.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public Cancellable scheduleWithFixedDelay(Duration initialDelay, Duration delay, Runnable task) {
        ScheduledFuture<?> f = loop.scheduleWithFixedDelay(task, Math.max(0, initialDelay.toNanos()), delay.toNanos(),
                TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public boolean inLoop() {
        return loop.inEventLoop();
    }

    @Override
    public void shutdown() {
        // the loop belongs to the check's group, which ends it
    }
}
