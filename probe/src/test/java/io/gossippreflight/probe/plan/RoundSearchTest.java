package io.gossippreflight.probe.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The round driver over an in-memory path: no sockets, no clock. */
class RoundSearchTest {
    @Test
    void roundsOfParallelProbesThenTheBoundaryOnceMore() {
        List<List<Integer>> rounds = new ArrayList<>();
        List<CompletableFuture<Boolean>> pending = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        Bisection b = new Bisection(1000, 9001);
        CompletableFuture<Bisection> done = RoundSearch.run(b, 8, 1, size -> {
            current.add(size);
            CompletableFuture<Boolean> f = new CompletableFuture<>();
            pending.add(f);
            return f;
        });
        // answer each round only after all its probes went out: the next round must not start before
        int guard = 0;
        while (!done.isDone() && guard++ < 50) {
            List<Integer> sizes = new ArrayList<>(current);
            List<CompletableFuture<Boolean>> answers = new ArrayList<>(pending);
            current.clear();
            pending.clear();
            rounds.add(sizes);
            for (int i = 0; i < sizes.size(); i++) {
                answers.get(i).complete(sizes.get(i) <= 1422);
            }
        }
        assertTrue(done.isDone());
        assertEquals(OptionalInt.of(1422), done.join().exactLimit());
        assertTrue(rounds.stream().allMatch(r -> r.size() <= 8), rounds.toString());
        assertEquals(List.of(1422, 1423), rounds.get(rounds.size() - 1), "the confirmation re-probes the boundary");
    }

    @Test
    void aRepeatThatDisagreesLeavesTheSearchContradicted() {
        int[] calls = {0};
        Bisection b = RoundSearch.run(new Bisection(1000, 1010), 20, 1, size -> {
            calls[0]++;
            // the first pass says 1005 is the limit; the confirmation finds 1006 crossing after all
            boolean crossed = size <= 1005 || (size == 1006 && calls[0] > 10);
            return CompletableFuture.completedFuture(crossed);
        }).join();
        assertTrue(b.contradicted(), "loss, not a limit");
    }

    @Test
    void stopEndsTheSearchBeforeTheNextRound() {
        int[] calls = {0};
        RoundSearch.run(new Bisection(1000, 9001), 4, 1, size -> {
            calls[0]++;
            return CompletableFuture.completedFuture(true);
        }, () -> calls[0] >= 4).join();
        assertEquals(4, calls[0], "one round, then stopped");
    }
}
