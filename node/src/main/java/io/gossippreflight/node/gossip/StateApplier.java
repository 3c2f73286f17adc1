package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.HeartBeatState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Merging what peers tell us into our view (Cassandra Gossiper.notifyFailureDetector,
 * applyStateLocally, applyNewStates, handleMajorStateChange), with precedence decided by
 * {@link Precedence}.
 */
final class StateApplier {
    private final Gossiper g;

    StateApplier(Gossiper g) {
        this.g = g;
    }

    /** Feeds newer heartbeats to the failure detector (Cassandra notifyFailureDetector). */
    void notifyFailureDetector(Map<InetAddressAndPort, EndpointState> remote) {
        long now = g.clock.nanoTime();
        remote.forEach((ep, r) -> {
            PeerState local = g.table.get(ep);
            if (local == null) {
                return;
            }
            if (r.heartBeat().generation() > local.generation()) {
                g.table.put(ep, local.touched(now));
                if (!local.alive()) {
                    g.fd.remove(ep); // restarted while down: relearn its rate
                }
                g.fd.report(ep, now);
            } else if (r.heartBeat().generation() == local.generation()
                    && r.heartBeat().version() > local.maxVersion()) {
                g.table.put(ep, local.touched(now));
                g.fd.report(ep, now);
            }
        });
    }

    /** Orders a batch as Cassandra does: bootstrapping endpoints last, then by generation, then address. */
    static final Comparator<Map.Entry<InetAddressAndPort, EndpointState>> APPLY_ORDER =
            Comparator.<Map.Entry<InetAddressAndPort, EndpointState>>comparingInt(
                    e -> Status.isBootstrapping(PeerState.statusValue(e.getValue())) ? 1 : 0)
                    .thenComparingInt(e -> e.getValue().heartBeat().generation())
                    .thenComparing(Map.Entry::getKey, Addresses.ORDER);

    /** Merges remote states into ours (Cassandra applyStateLocally). */
    void applyStateLocally(Map<InetAddressAndPort, EndpointState> remote) {
        List<Map.Entry<InetAddressAndPort, EndpointState>> ordered = new ArrayList<>(remote.entrySet());
        ordered.sort(APPLY_ORDER);
        long nowSeconds = g.clock.currentTimeMillis() / 1000;
        long maxDiff = g.config.maxGenerationDifference().toSeconds();
        for (Map.Entry<InetAddressAndPort, EndpointState> e : ordered) {
            InetAddressAndPort ep = e.getKey();
            EndpointState r = e.getValue();
            if (ep.equals(g.self)) {
                continue;
            }
            if (g.table.isQuarantined(ep)) {
                g.log.debug("Ignoring gossip for " + ep + " because it is quarantined");
                continue;
            }
            PeerState local = g.table.get(ep);
            Precedence.Outcome o = Precedence.compare(local != null, local == null ? 0 : local.generation(),
                    local == null ? 0 : local.maxVersion(), r.heartBeat().generation(), r.maxVersion(),
                    nowSeconds, maxDiff);
            switch (o) {
                case NEW_ENDPOINT -> {
                    g.fd.report(ep, g.clock.nanoTime());
                    handleMajorStateChange(ep, r);
                }
                case NEWER_GENERATION -> handleMajorStateChange(ep, r);
                case INVALID_GENERATION -> g.log.warn("received an invalid gossip generation for peer " + ep
                        + "; local time = " + nowSeconds + ", received generation = " + r.heartBeat().generation());
                case NEWER_VERSION, SAME, STALE -> {
                    if (o == Precedence.Outcome.NEWER_VERSION) {
                        applyNewStates(ep, local, r);
                    }
                    PeerState now = g.table.get(ep);
                    if (r.heartBeat().generation() == now.generation() && !now.alive()
                            && !Status.isDead(now.statusValue())) {
                        g.echoes.markAlive(ep);
                    }
                }
                default -> throw new IllegalStateException(o.toString());
            }
        }
    }

    private void applyNewStates(InetAddressAndPort ep, PeerState local, EndpointState remote) {
        String oldStatus = local.statusValue();
        List<EndpointState.Entry> newer = new ArrayList<>();
        for (EndpointState.Entry re : remote.entries()) {
            VersionedValue mine = valueAt(local.state(), re.ordinal());
            if (Precedence.stateIsNewer(mine == null ? null : mine.version(), re.value().version())) {
                newer.add(re);
            }
        }
        // keep the newer heartbeat: a third party's copy may carry an older one with newer states
        HeartBeatState hb = remote.heartBeat().version() >= local.state().heartBeat().version()
                ? remote.heartBeat() : local.state().heartBeat();
        PeerState merged;
        if (newer.isEmpty()) {
            merged = local.withHeartBeat(hb); // the common case: only a newer heartbeat
        } else {
            EndpointState.Builder b = local.state().toBuilder().heartBeat(hb);
            newer.forEach(e -> b.putOrdinal(e.ordinal(), e.value()));
            merged = local.withState(b.build());
        }
        g.table.put(ep, merged.touched(g.clock.nanoTime()));
        if (!newer.isEmpty()) {
            g.listener.onStatesApplied(ep);
            g.statusApplied(ep, oldStatus, g.table.get(ep).statusValue());
        }
    }

    private static VersionedValue valueAt(EndpointState s, int ordinal) {
        for (EndpointState.Entry e : s.entries()) {
            if (e.ordinal() == ordinal) {
                return e.value();
            }
        }
        return null;
    }

    /** A new endpoint or a new generation: take the remote view whole (Cassandra handleMajorStateChange). */
    void handleMajorStateChange(InetAddressAndPort ep, EndpointState state) {
        PeerState previous = g.table.get(ep);
        String status = PeerState.statusValue(state);
        boolean dead = Status.isDead(status);
        if (!dead) {
            g.log.info(previous != null ? "Node " + ep + " has restarted, now UP" : "Node " + ep + " is now part of the cluster");
        }
        g.table.put(ep, new PeerState(state, false, g.clock.nanoTime()));
        // before the ECHO below opens our first connection to it: its DC decides that connection's framing and TLS
        g.listener.onStatesApplied(ep);
        if (!dead) {
            g.echoes.markAlive(ep);
        } else {
            g.log.debug("Not marking " + ep + " alive due to dead state");
            g.markDead(ep, null);
        }
        g.statusApplied(ep, previous == null ? null : previous.statusValue(), status);
        if (Status.isShutdown(status)) {
            g.markAsShutdown(ep);
        }
    }
}
