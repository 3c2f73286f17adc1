package io.gossippreflight.node.gossip;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Whom one gossip round sends its SYN to, with Cassandra's probabilities (gms/Gossiper.java
 * GossipTask): one random live peer; with probability unreachable / (live + 1) one random
 * unreachable peer (not in a dead state); then, if the live pick was not a seed or we see
 * fewer live peers than there are seeds, a random seed — always when nobody is live, else with
 * probability seeds / (live + unreachable). Seeds exclude ourselves.
 */
public final class RoundTargets {
    private RoundTargets() {
    }

    /**
     * @param live                 live peers (not us), in a stable order
     * @param unreachableCount     all unreachable peers, dead states included (for the probability)
     * @param unreachableCandidates unreachable peers not in a dead state, in a stable order
     * @param seeds                seeds other than us, in a stable order
     * @return the peers to send the round's SYN to, in sending order (at most 3, may repeat one)
     */
    public static <K> List<K> choose(List<K> live, int unreachableCount, List<K> unreachableCandidates,
            List<K> seeds, Random random) {
        List<K> targets = new ArrayList<>(3);
        boolean gossipedToSeed = false;
        if (!live.isEmpty()) {
            K to = pick(live, random);
            targets.add(to);
            gossipedToSeed = Set.copyOf(seeds).contains(to);
        }
        if (unreachableCount > 0) {
            double probability = unreachableCount / (live.size() + 1.0);
            if (random.nextDouble() < probability && !unreachableCandidates.isEmpty()) {
                targets.add(pick(unreachableCandidates, random));
            }
        }
        if ((!gossipedToSeed || live.size() < seeds.size()) && !seeds.isEmpty()) {
            if (live.isEmpty()) {
                targets.add(pick(seeds, random));
            } else {
                double probability = seeds.size() / (double) (live.size() + unreachableCount);
                if (random.nextDouble() <= probability) {
                    targets.add(pick(seeds, random));
                }
            }
        }
        return Collections.unmodifiableList(targets);
    }

    /** Cassandra does not draw a random number for a one-element set. */
    private static <K> K pick(List<K> from, Random random) {
        return from.size() == 1 ? from.get(0) : from.get(random.nextInt(from.size()));
    }
}
