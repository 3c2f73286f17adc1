package io.gossippreflight.node.gossip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RoundTargetsTest {
    /** A Random that plays back scripted draws and fails on an unexpected one. */
    static final class Scripted extends Random {
        private static final long serialVersionUID = 1L;
        private final Deque<Object> draws = new ArrayDeque<>();

        Scripted(Object... draws) {
            this.draws.addAll(List.of(draws));
        }

        @Override
        public int nextInt(int bound) {
            Object o = draws.poll();
            if (!(o instanceof Integer i)) {
                throw new AssertionError("unexpected nextInt(" + bound + "), next scripted " + o);
            }
            assertTrue(i < bound);
            return i;
        }

        @Override
        public double nextDouble() {
            Object o = draws.poll();
            if (!(o instanceof Double d)) {
                throw new AssertionError("unexpected nextDouble(), next scripted " + o);
            }
            return d;
        }

        void assertConsumed() {
            assertTrue(draws.isEmpty(), "unused draws " + draws);
        }
    }

    private static List<String> choose(List<String> live, int unreachable, List<String> candidates,
            List<String> seeds, Scripted r) {
        List<String> t = RoundTargets.choose(live, unreachable, candidates, seeds, r);
        r.assertConsumed();
        return t;
    }

    @Test
    void aloneWithSeedsAlwaysGossipsToASeed() {
        assertEquals(List.of("s2"), choose(List.of(), 0, List.of(), List.of("s1", "s2"), new Scripted(1)));
        assertEquals(List.of("s1"), choose(List.of(), 0, List.of(), List.of("s1"), new Scripted()));
    }

    @Test
    void theOnlySeedWithNobodyElseSendsNothing() {
        assertEquals(List.of(), choose(List.of(), 0, List.of(), List.of(), new Scripted()));
    }

    @Test
    void liveSeedPickSkipsTheSeedRoundWhenEnoughLive() {
        // live = {s1, b}, seeds = {s1}: picked s1 (a seed) and live(2) >= seeds(1) -> no seed round
        assertEquals(List.of("s1"), choose(List.of("b", "s1"), 0, List.of(), List.of("s1"), new Scripted(1)));
    }

    @Test
    void nonSeedPickDrawsForTheSeedWithProbabilitySeedsOverLivePlusUnreachable() {
        // live 4, unreachable 0, seeds 2 -> p = 0.5; 0.5 <= 0.5 sends (Cassandra uses <=)
        List<String> live = List.of("a", "b", "c", "s1");
        assertEquals(List.of("b", "s2"), choose(live, 0, List.of(), List.of("s1", "s2"), new Scripted(1, 0.5, 1)));
        assertEquals(List.of("b"), choose(live, 0, List.of(), List.of("s1", "s2"), new Scripted(1, 0.51)));
    }

    @Test
    void unreachableDrawUsesUnreachableOverLivePlusOneAndSkipsDeadStates() {
        List<String> live = List.of("a", "b");
        // unreachable 2 (one LEFT), live 2 -> p = 2/3; 0.6 < 0.667 -> send to the non-dead candidate
        assertEquals(List.of("a", "x"), choose(live, 2, List.of("x"), List.of(), new Scripted(0, 0.6)));
        assertEquals(List.of("a"), choose(live, 2, List.of("x"), List.of(), new Scripted(0, 0.67)));
        // all unreachable are dead: the draw happens but nothing is sent
        assertEquals(List.of("a"), choose(live, 1, List.of(), List.of(), new Scripted(0, 0.1)));
    }

    @Test
    void fewerLiveThanSeedsForcesTheSeedDrawEvenAfterASeedPick() {
        // live {s1}, seeds {s1,s2,s3}: picked s1 (seed) but live 1 < seeds 3 -> draw; p = 3/(1+0) >= 1
        assertEquals(List.of("s1", "s3"), choose(List.of("s1"), 0, List.of(), List.of("s1", "s2", "s3"),
                new Scripted(0.99, 2)));
    }

    @Test
    void frequenciesMatchCassandrasProbabilities() {
        // 10 live, 5 unreachable (candidates), 2 seeds among the live: measure the send rates
        List<String> live = IntStream.range(0, 10).mapToObj(i -> i < 2 ? "s" + i : "n" + i).toList();
        List<String> unreachable = List.of("u0", "u1", "u2", "u3", "u4");
        List<String> seeds = List.of("s0", "s1");
        Random r = new Random(7);
        int rounds = 200_000;
        int toUnreachable = 0;
        int toSeedRound = 0;
        for (int i = 0; i < rounds; i++) {
            List<String> t = RoundTargets.choose(live, 5, unreachable, seeds, r);
            toUnreachable += (int) t.stream().filter(unreachable::contains).count();
            if (t.size() > 1 && seeds.contains(t.get(t.size() - 1)) && !unreachable.contains(t.get(t.size() - 1))) {
                toSeedRound++;
            }
        }
        assertEquals(5.0 / 11, toUnreachable / (double) rounds, 0.01);
        // seed round happens when the live pick was a non-seed (8/10) and the draw passes (2/15)
        assertEquals(0.8 * 2 / 15, toSeedRound / (double) rounds, 0.01);
    }
}
