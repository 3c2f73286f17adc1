package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.util.ArrayList;
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
    /** Searches again from the final fates at most this often when tentative answers misled a search. */
    static final int RECONCILE_PASSES = 2;

    private SizeSearch() {
    }

    /**
     * One k-ary search on tentative answers (a probe may cross after it was taken for lost, on a
     * slow host), then a look at the final fates: when they leave a gap the search thought closed,
     * it searches the gap again, this time on final fates only.
     */
    private static CompletableFuture<Long> bisect(CheckEnv env, Direction d, int crossed, int lost, int upperBound,
            BooleanSupplier stop, IntFunction<ProbeHandle> probe, List<ProbeHandle> launched, List<String> notes,
            int passesLeft) {
        Bisection b = new Bisection(crossed, upperBound);
        if (lost <= b.upperBound()) {
            b.record(lost, false);
        }
        boolean tentative = passesLeft == RECONCILE_PASSES;
        return RoundSearch.run(b, env.options().parallel(), tentative ? 1 : 0, size -> {
            ProbeHandle h = probe.apply(size);
            launched.add(h);
            CompletableFuture<Boolean> answer = tentative ? h.quick
                    : h.result.thenApply(r -> r.outcome().crossed());
            return answer.thenCompose(c -> h.notSent()
                    ? CompletableFuture.failedFuture(new IllegalStateException(h.note))
                    : CompletableFuture.completedFuture(c));
        }, stop).thenCompose(res -> OutboundSearch.allResults(launched)).handleAsync((records, e) -> {
            if (e != null) {
                Throwable c = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                notes.add(d.arrow() + ": bisection stopped: " + c.getMessage());
                return CompletableFuture.completedFuture(-1L);
            }
            int fc = 0;
            int fl = Integer.MAX_VALUE;
            for (ProbeRecord r : records) {
                if (r.outcome().crossed()) {
                    fc = Math.max(fc, r.ipSize());
                } else if (r.outcome() == ProbeOutcome.LOST) {
                    fl = Math.min(fl, r.ipSize());
                }
            }
            boolean gap = fc > 0 && fl != Integer.MAX_VALUE && fl > fc + 1 && fc < upperBound;
            if (gap && passesLeft > 0 && !stop.getAsBoolean()) {
                env.say(d.arrow() + ": final fates leave " + fc + " crossed, " + fl + " lost: searching that gap again");
                return bisect(env, d, fc, fl, upperBound, stop, probe, launched, notes, passesLeft - 1);
            }
            return CompletableFuture.completedFuture(env.sinceStart().toMillis());
        }, env.executor()).thenCompose(f -> f);
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
            env.say(d.arrow() + ": the ladder lost " + lost + "-byte packets but " + crossed + " crossed; bisecting");
            List<ProbeHandle> launched = new ArrayList<>(ladder);
            return bisect(env, d, crossed, lost, upperBound, stop, probe, launched, notes, RECONCILE_PASSES);
        }, env.executor());
    }
}
