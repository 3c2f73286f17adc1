package io.gossippreflight.probe.plan;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives a {@link Bisection} in rounds: each round launches up to {@code parallel} probes at once
 * and waits for all of them before choosing the next sizes. The launcher owns sending and
 * timeouts; it completes each probe with whether it crossed. After the search, the boundary is
 * probed again ({@code confirmations} times each side) so that one unlucky loss cannot fake a
 * limit: a repeat that crosses above the limit leaves the bisection contradicted.
 */
public final class RoundSearch {
    /** Sends one probe of an IP size and completes with true when it crossed. */
    @FunctionalInterface
    public interface Launcher {
        CompletionStage<Boolean> probe(int ipSize);
    }

    private RoundSearch() {
    }

    public static CompletableFuture<Bisection> run(Bisection b, int parallel, int confirmations, Launcher launcher) {
        return run(b, parallel, confirmations, launcher, () -> false);
    }

    /** As above; {@code stop} is asked before each round and ends the search early (e.g. the kernel took over). */
    public static CompletableFuture<Bisection> run(Bisection b, int parallel, int confirmations, Launcher launcher,
            java.util.function.BooleanSupplier stop) {
        CompletableFuture<Bisection> done = new CompletableFuture<>();
        round(b, parallel, confirmations, launcher, stop, done);
        return done;
    }

    private static void round(Bisection b, int parallel, int confirmations, Launcher launcher,
            java.util.function.BooleanSupplier stop, CompletableFuture<Bisection> done) {
        if (stop.getAsBoolean()) {
            done.complete(b);
            return;
        }
        List<Integer> sizes = b.next(parallel);
        if (sizes.isEmpty()) {
            confirm(b, confirmations, launcher, done);
            return;
        }
        launchAll(b, sizes, launcher).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                round(b, parallel, confirmations, launcher, stop, done);
            }
        });
    }

    private static void confirm(Bisection b, int confirmations, Launcher launcher, CompletableFuture<Bisection> done) {
        if (confirmations <= 0 || b.contradicted()) {
            done.complete(b);
            return;
        }
        List<Integer> sizes = new java.util.ArrayList<>();
        for (int i = 0; i < confirmations; i++) {
            sizes.add(b.largestCrossed());
            b.smallestLost().ifPresent(sizes::add);
        }
        launchAll(b, sizes, launcher).whenComplete((v, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
            } else {
                done.complete(b);
            }
        });
    }

    private static CompletableFuture<Void> launchAll(Bisection b, List<Integer> sizes, Launcher launcher) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        AtomicInteger left = new AtomicInteger(sizes.size());
        for (int size : sizes) {
            launcher.probe(size).whenComplete((crossed, e) -> {
                synchronized (b) {
                    if (e == null) {
                        b.record(size, crossed);
                    }
                }
                if (e != null) {
                    all.completeExceptionally(e);
                } else if (left.decrementAndGet() == 0) {
                    all.complete(null);
                }
            });
        }
        return all;
    }
}
