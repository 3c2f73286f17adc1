package io.gossippreflight.probe.watch;

import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.time.Cancellable;
import io.gossippreflight.time.Scheduler;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * {@code probe watch}: checks each target in turn, round after round, a jittered interval apart
 * (from the end of one round to the start of the next, so a slow round never overlaps the next).
 * A target's first check is the full one; after it, a quick check around the last verdict
 * ({@link WatchPolicy#next}); when that one sees a change, a full check confirms it before it
 * becomes the target's verdict. Its state lives on {@code loop}; checks run wherever {@code run}
 * puts them.
 */
public final class Watcher {
    /** Runs one check; completes with its report, or exceptionally when it could not run. */
    @FunctionalInterface
    public interface CheckRun {
        CompletableFuture<TargetReport> check(TargetSpec target, CheckOptions options);
    }

    private final List<TargetSpec> targets;
    private final CheckOptions full;
    private final Duration interval;
    private final boolean strict;
    private final Scheduler loop;
    private final RandomGenerator random;
    private final CheckRun run;
    private final Consumer<WatchEvent> listener;
    private final Map<TargetSpec, TargetReport> verdicts = new HashMap<>();
    private volatile boolean stopped;
    private Cancellable next;
    private long rounds;
    private long maxRounds = Long.MAX_VALUE;
    private boolean inRound;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    public Watcher(List<TargetSpec> targets, CheckOptions full, Duration interval, boolean strict, Scheduler loop,
            RandomGenerator random, CheckRun run, Consumer<WatchEvent> listener) {
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no targets");
        }
        this.targets = List.copyOf(targets);
        this.full = full;
        this.interval = interval;
        this.strict = strict;
        this.loop = loop;
        this.random = random;
        this.run = run;
        this.listener = listener;
    }

    /** Stops by itself after {@code n} rounds ({@link #finished} completes then). */
    public Watcher rounds(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + n);
        }
        this.maxRounds = n;
        return this;
    }

    /** Completes when the watch stopped: after its last round, or once {@link #stop} let a check under way finish. */
    public CompletableFuture<Void> finished() {
        return finished;
    }

    /** Starts the first round now. */
    public void start() {
        loop.execute(this::round);
    }

    /** No new check starts; one under way finishes. */
    public void stop() {
        stopped = true;
        loop.execute(() -> {
            if (!inRound) {
                if (next != null) {
                    next.cancel();
                }
                finished.complete(null);
            }
        });
    }

    /** Rounds finished so far (read on the loop). */
    public long rounds() {
        return rounds;
    }

    /** The verdict of {@code target}, or null before its first check (read on the loop). */
    public TargetReport verdict(TargetSpec target) {
        return verdicts.get(target);
    }

    private void round() {
        if (stopped) {
            finished.complete(null);
            return;
        }
        inRound = true;
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        for (TargetSpec t : targets) {
            chain = chain.thenCompose(v -> checkOne(t));
        }
        chain.whenComplete((v, e) -> loop.execute(() -> {
            rounds++;
            inRound = false;
            if (rounds >= maxRounds) {
                stopped = true;
            }
            if (stopped) {
                finished.complete(null);
            } else {
                next = loop.schedule(WatchPolicy.jittered(interval, random.nextDouble()), this::round);
            }
        }));
    }

    /** One target: quick (or first full) check, and a full one when the quick one saw a change. */
    private CompletableFuture<Void> checkOne(TargetSpec t) {
        if (stopped) {
            return CompletableFuture.completedFuture(null);
        }
        TargetReport last = verdicts.get(t);
        WatchEvent.Kind kind = last == null ? WatchEvent.Kind.FULL : WatchEvent.Kind.QUICK;
        return timed(t, WatchPolicy.next(full, last)).thenCompose(res -> {
            if (res.report() == null) {
                listener.accept(new WatchEvent(t, kind, null, res.error(), res.at(), res.took(), false, null, false));
                return CompletableFuture.completedFuture(null);
            }
            boolean changed = WatchPolicy.changed(last, res.report(), strict);
            if (kind == WatchEvent.Kind.FULL || !changed) {
                adopt(t, kind, res, last, changed);
                return CompletableFuture.completedFuture(null);
            }
            listener.accept(new WatchEvent(t, kind, res.report(), null, res.at(), res.took(), false, null, false));
            if (stopped) {
                return CompletableFuture.completedFuture(null);
            }
            return timed(t, full).thenAccept(confirm -> {
                if (confirm.report() == null) {
                    listener.accept(new WatchEvent(t, WatchEvent.Kind.FULL, null, confirm.error(), confirm.at(),
                            confirm.took(), false, null, false));
                } else {
                    adopt(t, WatchEvent.Kind.FULL, confirm, last, WatchPolicy.changed(last, confirm.report(), strict));
                }
            });
        });
    }

    /** On the loop, as every continuation here: {@link #timed} completes there. */
    private void adopt(TargetSpec t, WatchEvent.Kind kind, Timed res, TargetReport last, boolean changed) {
        verdicts.put(t, res.report());
        listener.accept(new WatchEvent(t, kind, res.report(), null, res.at(), res.took(), true, changed ? last : null,
                last == null));
    }

    private record Timed(TargetReport report, String error, long at, Duration took) {
    }

    private CompletableFuture<Timed> timed(TargetSpec t, CheckOptions o) {
        long at = loop.clock().currentTimeMillis();
        long start = loop.clock().nanoTime();
        CompletableFuture<TargetReport> f;
        try {
            f = run.check(t, o);
        } catch (RuntimeException e) {
            f = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Timed> out = new CompletableFuture<>();
        f.whenComplete((r, e) -> loop.execute(() -> {
            Duration took = Duration.ofNanos(loop.clock().nanoTime() - start);
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            out.complete(new Timed(r, c == null ? null : String.valueOf(c.getMessage()), at, took));
        }));
        return out;
    }
}
