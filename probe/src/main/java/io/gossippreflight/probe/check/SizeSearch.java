package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
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
        Integer hint = env.options().hint().of(d);
        if (hint != null && passesLeft == RECONCILE_PASSES) {
            b.hint(hint);
        }
        if (lost <= b.upperBound()) {
            b.record(lost, false);
        }
        // the first pass moves on with tentative answers; a pass that searches again waits for final fates.
        // No repeat of the boundary: a final fate is already the kernel's word (or a hole that outlived
        // the sender's retransmissions), which one unlucky loss cannot fake
        boolean tentative = passesLeft == RECONCILE_PASSES;
        return RoundSearch.run(b, env.options().parallel(), 0, size -> {
            ProbeHandle h = probe.apply(size);
            launched.add(h);
            CompletableFuture<Boolean> answer = tentative ? h.quick
                    : h.result.thenApply(r -> r.outcome().crossed());
            return answer.thenCompose(c -> h.notSent()
                    ? CompletableFuture.failedFuture(new IllegalStateException(h.note))
                    : CompletableFuture.completedFuture(c));
        }, stop).thenCompose(res -> decidingResults(launched)).handleAsync((records, e) -> {
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

    /**
     * The sizes of a first bisection round sent beside the ladder, before its bracket is known
     * ({@link #anticipate}), over the gap where tunnel MTUs lie, 1,280 to 1,500 bytes: the
     * {@link #COMMON_MTUS common tunnel MTUs}, likeliest first, each with the byte above it, so a
     * path at one of them is pinned by this round alone; the other slots split the widest gaps
     * left. As many common MTUs are taken as still let one more round of {@code parallel} probes
     * pin any limit in that range (at 24 probes, the first eight). Empty when the search cannot go above
     * 1,280 bytes or an earlier limit is known ({@code probe watch}'s hint).
     */
    static List<Integer> anticipatedSizes(int upperBound, int parallel, Integer hint) {
        if (hint != null || upperBound <= ANTICIPATED_LOW + 1) {
            return List.of();
        }
        int top = Math.min(upperBound, ANTICIPATED_HIGH + 1);
        // as many common MTUs as leave the splits able to bring every gap within one more round's reach
        for (int pairs = COMMON_MTUS.length; pairs > 0; pairs--) {
            java.util.TreeSet<Integer> sizes = firstRound(pairs, top, parallel);
            if (sizes != null && widestGap(sizes) <= parallel + 1) {
                return List.copyOf(sizes);
            }
        }
        return List.copyOf(firstRound(0, top, parallel));
    }

    /**
     * {@code top} (the byte above Ethernet's MTU, or the interface's own), the first {@code pairs}
     * common MTUs with the bytes above them, then splits; null if they do not fit.
     */
    private static java.util.TreeSet<Integer> firstRound(int pairs, int top, int parallel) {
        java.util.TreeSet<Integer> sizes = new java.util.TreeSet<>(List.of(top));
        for (int i = 0; i < pairs; i++) {
            for (int s = COMMON_MTUS[i]; s <= Math.min(top, COMMON_MTUS[i] + 1); s++) {
                sizes.add(s);
            }
        }
        if (sizes.size() > parallel) {
            return null;
        }
        // the rest split the widest gap left, at its middle, until the slots are gone
        while (sizes.size() < parallel) {
            int lo = ANTICIPATED_LOW - 1; // the ladder's answers know what crossed below
            int bestLo = lo;
            int bestGap = 1;
            for (int s : sizes) {
                if (s - lo > bestGap) {
                    bestGap = s - lo;
                    bestLo = lo;
                }
                lo = s;
            }
            if (bestGap < 2) {
                break;
            }
            sizes.add(bestLo + bestGap / 2);
        }
        return sizes;
    }

    /** The widest distance between neighbours among 1,279 and {@code sizes}. */
    private static int widestGap(java.util.TreeSet<Integer> sizes) {
        int lo = ANTICIPATED_LOW - 1;
        int widest = 0;
        for (int s : sizes) {
            widest = Math.max(widest, s - lo);
            lo = s;
        }
        return widest;
    }

    /**
     * Tunnel MTUs paths commonly have, likeliest first: IPv6's minimum; the 1,422 of an IPsec
     * tunnel in this project's own story; WireGuard's default 1,420 (wireguard-tools wg-quick,
     * 1,500 less 80); VXLAN's 1,450 (RFC 7348, 50 bytes of encapsulation); the 1,400 many VPN
     * guides advise; Ethernet's 1,500; GRE's 1,476 (RFC 2784, 24 bytes); IPsec ESP's usual
     * 1,436-1,438; PPPoE's 1,492 (RFC 2516); Google Cloud's VPC default 1,460; IP-in-IP's 1,480.
     */
    static final int[] COMMON_MTUS = {1_280, 1_422, 1_420, 1_450, 1_400, 1_500, 1_476, 1_438, 1_436, 1_492, 1_460, 1_480};

    /** Launches the {@link #anticipatedSizes} with {@code probe}, to be passed to {@link #run}. */
    static List<ProbeHandle> anticipate(CheckEnv env, Direction d, int upperBound, IntFunction<ProbeHandle> probe) {
        List<ProbeHandle> out = new ArrayList<>();
        for (int size : anticipatedSizes(upperBound, env.options().parallel(), env.options().hint().of(d))) {
            out.add(probe.apply(size));
        }
        return out;
    }

    /** The gap {@link #anticipatedSizes} splits: IPv6's minimum MTU, and Ethernet's. */
    static final int ANTICIPATED_LOW = 1_280;
    static final int ANTICIPATED_HIGH = 1_500;

    /**
     * After the ladder's first answers and those of the {@code anticipated} probes sent beside it
     * (a first bisection round for the likeliest gap): bisect between the largest packet that
     * crossed and the smallest lost, unless nothing was lost or {@code stop} says the sender
     * already knows the limit (once it says so, it stays said). The anticipated answers count
     * with the ladder's, so when the path's limit lies in
     * that gap the search starts one round further on. Each lane towards us costs about six round
     * trips to open, so on a WAN this saves about a second per direction. {@code settled} completes
     * once the search will launch no more probes: at the latest when the limit is pinned, and as
     * soon as the first answers show the sender already limits its segments (no bisection then,
     * whatever the final fates say).
     */
    static CompletableFuture<Long> run(CheckEnv env, Direction d, List<ProbeHandle> ladder,
            List<ProbeHandle> anticipated, int upperBound, BooleanSupplier stopNow, IntFunction<ProbeHandle> probe,
            List<String> notes, CompletableFuture<Void> settled) {
        boolean[] stopped = {false};
        BooleanSupplier stop = () -> stopped[0] || (stopped[0] = stopNow.getAsBoolean()); // a known limit stays known
        // once an answer shows the sender already limits its segments, the search ends at its first answers:
        // nothing more will be sent from then on (checked on the loop, after the prober has read the answer)
        Runnable settleOnceStopped = () -> {
            if (!settled.isDone() && stop.getAsBoolean()) {
                settled.complete(null);
            }
        };
        ladder.forEach(h -> h.quick.thenRunAsync(settleOnceStopped, env.executor()));
        anticipated.forEach(h -> h.quick.thenRunAsync(settleOnceStopped, env.executor()));
        CompletableFuture<?>[] firstAnswers = anticipated.stream().map(h -> h.quick).toArray(CompletableFuture[]::new);
        return bracketKnown(ladder).thenCompose(v -> CompletableFuture.allOf(firstAnswers).handle((x, e) -> null))
                .thenComposeAsync(v -> {
            if (stop.getAsBoolean()) {
                settled.complete(null); // the search ends at its first answers: nothing more will be sent
            }
            List<ProbeHandle> answered = new ArrayList<>(ladder);
            answered.addAll(anticipated);
            int[] bounds = bounds(answered.stream().filter(h -> h.quick.isDone() && !h.notSent())
                    .map(h -> new int[] {h.ipSize, h.quick.join() ? 1 : 0}).toList());
            if (worthBisecting(bounds, upperBound, stop)) {
                env.say(d.arrow() + ": the ladder" + (anticipated.isEmpty() ? "" : " and its first bisection round")
                        + " lost " + bounds[1] + "-byte packets but " + bounds[0] + " crossed; bisecting");
                return bisect(env, d, bounds[0], bounds[1], upperBound, stop, probe, answered, notes,
                        RECONCILE_PASSES);
            }
            // the first answers said there is nothing to search; the final fates have the last word (a probe
            // taken for lost may still have crossed: a slow or paused target)
            return decidingResults(answered).thenComposeAsync(records -> {
                int[] fin = bounds(records.stream().filter(r -> r.outcome() != ProbeOutcome.NOT_SENT)
                        .map(r -> new int[] {r.ipSize(), r.outcome().crossed() ? 1 : 0}).toList());
                if (worthBisecting(fin, upperBound, stop)) {
                    env.say(d.arrow() + ": the ladder's final fates: " + fin[1] + "-byte packets lost, " + fin[0]
                            + " crossed; bisecting");
                    // the first round's probes stay among the fates the search looks at: its lost ones are the bracket's
                    // top, and without them the search would take that bracket for a gap and search it again
                    return bisect(env, d, fin[0], fin[1], upperBound, stop, probe, answered, notes,
                            RECONCILE_PASSES - 1);
                }
                env.say(d.arrow() + ": no bisection (largest crossed " + fin[0] + ", smallest lost "
                        + (fin[1] == Integer.MAX_VALUE ? "none" : fin[1]) + (stop.getAsBoolean()
                                ? ", the sender already limits its segments" : "") + ")");
                return CompletableFuture.completedFuture(env.sinceStart().toMillis());
            }, env.executor());
        }, env.executor()).whenComplete((ms, e) -> settled.complete(null));
    }

    /**
     * Completes once every rung up to the first one taken for lost has its first answer (or every
     * rung has): larger rungs cannot move the bracket, and on a WAN the largest take several round
     * trips of slow start to cross. Their final fates still count when the search looks at them.
     */
    private static CompletableFuture<Void> bracketKnown(List<ProbeHandle> ladder) {
        List<ProbeHandle> rungs = new ArrayList<>(ladder);
        rungs.sort(java.util.Comparator.comparingInt(h -> h.messageBytes));
        CompletableFuture<Void> known = new CompletableFuture<>();
        Runnable check = () -> {
            for (ProbeHandle h : rungs) {
                if (!h.quick.isDone()) {
                    return;
                }
                if (!h.notSent() && !h.quick.join()) {
                    break;
                }
            }
            known.complete(null);
        };
        rungs.forEach(h -> h.quick.whenComplete((c, e) -> check.run()));
        if (rungs.isEmpty()) {
            known.complete(null);
        }
        return known;
    }

    /**
     * The final fates that can still move a bracket: every bisection probe's, and the ladder's rungs
     * in order of size up to the first one lost for good. A larger rung's packets are no smaller
     * than that one's, so its fate cannot lower the smallest size lost; on a WAN the largest rungs
     * take seconds more to be lost for good (slow start, backed-off retransmissions), and the search,
     * and us → target after it, need not wait for them. The direction's report still does.
     */
    static CompletableFuture<List<ProbeRecord>> decidingResults(List<ProbeHandle> handles) {
        List<ProbeHandle> snapshot = List.copyOf(handles);
        List<ProbeHandle> rungs = new ArrayList<>(snapshot.stream().filter(h -> h.kind == ProbeKind.LADDER).toList());
        rungs.sort(java.util.Comparator.comparingInt(h -> h.messageBytes));
        List<ProbeHandle> others = snapshot.stream().filter(h -> h.kind != ProbeKind.LADDER).toList();
        CompletableFuture<List<ProbeRecord>> out = new CompletableFuture<>();
        Runnable check = () -> {
            if (out.isDone() || others.stream().anyMatch(h -> !h.result.isDone())) {
                return;
            }
            for (ProbeHandle h : rungs) {
                if (!h.result.isDone()) {
                    return;
                }
                if (!h.result.isCompletedExceptionally() && h.result.join().outcome() == ProbeOutcome.LOST) {
                    break;
                }
            }
            out.complete(snapshot.stream().filter(h -> h.result.isDone() && !h.result.isCompletedExceptionally())
                    .map(h -> h.result.join()).toList());
        };
        snapshot.forEach(h -> h.result.whenComplete((r, e) -> check.run()));
        check.run();
        return out;
    }

    /** {largest crossed, smallest lost} of {ipSize, crossed 1/0} pairs (0 / MAX_VALUE when none). */
    private static int[] bounds(List<int[]> fates) {
        int crossed = 0;
        int lost = Integer.MAX_VALUE;
        for (int[] f : fates) {
            if (f[1] == 1) {
                crossed = Math.max(crossed, f[0]);
            } else {
                lost = Math.min(lost, f[0]);
            }
        }
        return new int[] {crossed, lost};
    }

    private static boolean worthBisecting(int[] b, int upperBound, BooleanSupplier stop) {
        return b[1] != Integer.MAX_VALUE && b[0] > 0 && b[1] > b[0] + 1 && b[0] < upperBound && !stop.getAsBoolean();
    }
}
