package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.plan.Bisection;
import io.gossippreflight.probe.plan.RoundSearch;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/**
 * After a ladder's first answers: bisect between the largest packet that crossed and the smallest
 * lost, k probes in flight per round, unless nothing was lost or {@code stop} says the sender
 * already knows the limit. Completes with the time (from the check's start) the limit was pinned,
 * -1 when the search stopped on a failure (named in {@code notes}).
 */
final class SizeSearch {
    private SizeSearch() {
    }

    static CompletableFuture<Long> run(CheckEnv env, Direction d, List<ProbeHandle> ladder, int upperBound,
            BooleanSupplier stop, IntFunction<ProbeHandle> probe, List<String> notes) {
        CompletableFuture<?>[] quick = ladder.stream().map(h -> h.quick).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(quick).thenComposeAsync(v -> {
            int crossed = 0;
            int lost = Integer.MAX_VALUE;
            for (ProbeHandle h : ladder) {
                if (h.notSent()) {
                    continue;
                }
                if (h.quick.join()) {
                    crossed = Math.max(crossed, h.ipSize);
                } else {
                    lost = Math.min(lost, h.ipSize);
                }
            }
            long pinned = env.sinceStart().toMillis();
            if (lost == Integer.MAX_VALUE || crossed == 0 || lost <= crossed || crossed >= upperBound
                    || stop.getAsBoolean()) {
                env.say(d.arrow() + ": no bisection (largest crossed " + crossed + ", smallest lost "
                        + (lost == Integer.MAX_VALUE ? "none" : lost) + (stop.getAsBoolean()
                                ? ", the sender already limits its segments" : "") + ")");
                return CompletableFuture.completedFuture(pinned);
            }
            Bisection b = new Bisection(crossed, upperBound);
            if (lost <= b.upperBound()) {
                b.record(lost, false);
            }
            env.say(d.arrow() + ": the ladder lost " + lost + "-byte packets but " + crossed + " crossed; bisecting");
            return RoundSearch.run(b, env.options().parallel(), 1, size -> {
                ProbeHandle h = probe.apply(size);
                return h.quick.thenCompose(c -> h.notSent()
                        ? CompletableFuture.failedFuture(new IllegalStateException(h.note))
                        : CompletableFuture.completedFuture(c));
            }, stop).handleAsync((res, e) -> {
                if (e != null) {
                    Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause() : e;
                    notes.add(d.arrow() + ": bisection stopped: " + c.getMessage());
                    return -1L;
                }
                return env.sinceStart().toMillis();
            }, env.executor());
        }, env.executor());
    }
}
