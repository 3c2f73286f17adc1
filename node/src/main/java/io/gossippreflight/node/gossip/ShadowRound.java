package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The shadow round before gossip starts (Cassandra Gossiper.doShadowRound and
 * maybeFinishShadowRound): one empty-digest SYN, the same message re-sent to every seed each
 * retry interval (and to known peers from the second try), checked every gossip interval until
 * RING_DELAY (twice that for a non-seed) has passed. It also records what each peer answered,
 * so a failure can say more than "Unable to gossip with any peers".
 */
public final class ShadowRound {
    /** What one asked peer did. */
    public enum Answer {
        /** No ACK came back. */
        NONE,
        /** An empty ACK: the peer is itself in a shadow round. */
        MINIMAL_ACK,
        /** An ACK with states, but not enough to check start-up safety (no HOST_ID for us). */
        INSUFFICIENT_ACK,
        /** A full ACK: its states are our first view. */
        FULL_ACK
    }

    /** One asked peer: whether it is a seed, how many SYNs we sent, what it answered, ACK size. */
    public record PeerReport(InetAddressAndPort peer, boolean seed, int synsSent, Answer answer, int statesReceived) {
    }

    /** The outcome: the states to start from (possibly none) and what every peer did. */
    public record Result(Map<InetAddressAndPort, EndpointState> states, List<PeerReport> peers, Duration took,
            String how) {
    }

    private final Gossiper g;
    private final List<InetAddressAndPort> seeds;
    private final List<InetAddressAndPort> peers;
    private final boolean selfIsSeed;
    private final Map<InetAddressAndPort, int[]> sent = new LinkedHashMap<>();
    private final Map<InetAddressAndPort, Answer> answers = new LinkedHashMap<>();
    private final Map<InetAddressAndPort, Integer> sizes = new LinkedHashMap<>();
    private final Set<InetAddressAndPort> seedsInShadowRound = new HashSet<>();
    private final CompletableFuture<Result> future = new CompletableFuture<>();
    private Message syn;
    private long startNanos;
    private long elapsedMillis;
    private boolean includePeers;

    ShadowRound(Gossiper g, List<InetAddressAndPort> seeds, List<InetAddressAndPort> peers, boolean selfIsSeed) {
        this.g = g;
        this.seeds = seeds;
        this.peers = peers;
        this.selfIsSeed = selfIsSeed;
    }

    CompletableFuture<Result> start() {
        startNanos = g.clock.nanoTime();
        if (seeds.isEmpty() && peers.isEmpty()) {
            finish(Map.of(), "no seeds or known peers other than ourselves: nothing to ask");
            return future;
        }
        syn = g.gossipMessage(new GossipDigestSyn(g.config.clusterName(), g.config.partitioner(), List.of()));
        g.log.info("Starting shadow round with seeds " + seeds + (peers.isEmpty() ? "" : " and known peers " + peers));
        tick();
        return future;
    }

    /** Budget: RING_DELAY for a seed, twice that otherwise (so seeds can come up during a full restart). */
    private long budgetMillis() {
        long ring = g.config.ringDelay().toMillis();
        return selfIsSeed ? ring : 2 * ring;
    }

    private void tick() {
        if (future.isDone()) {
            return;
        }
        if (elapsedMillis % g.config.shadowRoundRetry().toMillis() == 0) {
            seeds.forEach(this::sendTo);
            if (includePeers) {
                peers.stream().filter(p -> !seeds.contains(p)).forEach(this::sendTo);
            }
            includePeers = true;
        }
        long step = g.config.interval().toMillis();
        g.loop.schedule(g.config.interval(), () -> {
            if (future.isDone()) {
                return;
            }
            elapsedMillis += step;
            if (elapsedMillis > budgetMillis()) {
                if (selfIsSeed) {
                    finish(Map.of(), "no peer answered within " + budgetMillis() + "ms; continuing as a seed");
                } else {
                    future.completeExceptionally(new ShadowRoundException(report(), budgetMillis()));
                }
                return;
            }
            tick();
        });
    }

    private void sendTo(InetAddressAndPort p) {
        sent.computeIfAbsent(p, k -> new int[1])[0]++;
        answers.putIfAbsent(p, Answer.NONE);
        g.send(p, syn);
    }

    void onAck(InetAddressAndPort from, GossipDigestAck ack) {
        if (future.isDone()) {
            return;
        }
        boolean minimal = ack.digests().isEmpty() && ack.states().isEmpty();
        Map<InetAddressAndPort, EndpointState> states = ack.stateMap();
        sizes.put(from, states.size());
        if (!minimal) {
            EndpointState mine = states.get(g.self);
            boolean sufficient = mine == null || Status.isDead(PeerState.statusValue(mine))
                    || mine.get(io.gossippreflight.wire.gossip.ApplicationState.HOST_ID) != null;
            if (!sufficient) {
                answers.put(from, Answer.INSUFFICIENT_ACK);
                g.log.debug("Not exiting shadow round because received ACK with insufficient states from " + from);
                return;
            }
            answers.put(from, Answer.FULL_ACK);
            if (!seeds.contains(from)) {
                g.log.warn("Received an ack from " + from + ", who isn't a seed. Ensure your seed list includes a live node. "
                        + "Exiting shadow round");
            }
            finish(states, "full ACK from " + from + " with " + states.size() + " endpoint states");
        } else {
            answers.put(from, Answer.MINIMAL_ACK);
            g.log.debug("Received an ack from " + from + " indicating it is also in shadow round");
            seedsInShadowRound.add(from);
            if (seedsInShadowRound.containsAll(seeds)) {
                finish(Map.of(), "all seeds are in a shadow round themselves (a full cluster start)");
            }
        }
    }

    private void finish(Map<InetAddressAndPort, EndpointState> states, String how) {
        Duration took = Duration.ofNanos(g.clock.nanoTime() - startNanos);
        g.log.info("Shadow round done in " + took.toMillis() + "ms: " + how);
        future.complete(new Result(Collections.unmodifiableMap(new LinkedHashMap<>(states)), report(), took, how));
    }

    private List<PeerReport> report() {
        List<PeerReport> out = new ArrayList<>();
        for (Map.Entry<InetAddressAndPort, Answer> e : answers.entrySet()) {
            InetAddressAndPort p = e.getKey();
            out.add(new PeerReport(p, seeds.contains(p), sent.get(p)[0], e.getValue(), sizes.getOrDefault(p, 0)));
        }
        return out;
    }
}
