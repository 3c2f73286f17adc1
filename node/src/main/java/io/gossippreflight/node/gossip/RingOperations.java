package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.HeartBeatState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.Token;
import io.gossippreflight.wire.gossip.Tokens;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Operations on other endpoints' gossip state, with Cassandra's semantics and waits (gms/Gossiper
 * advertiseRemoving / advertiseTokenRemoved / assassinateEndpoint, StorageService.removeNode),
 * the waits scheduled on the loop instead of slept. Each returns a future completed on the loop.
 */
public final class RingOperations {
    private final Gossiper g;

    public RingOperations(Gossiper g) {
        this.g = g;
    }

    /**
     * removenode: for a dead ring member with this host ID, wait RING_DELAY to be sure its
     * generation does not move, then spoof its state to REMOVING (generation + 1, with us as
     * REMOVAL_COORDINATOR), take it out of the ring, and advertise REMOVED (generation + 1 again,
     * with the expiry time), then let two rounds carry it.
     */
    public CompletableFuture<String> removeNode(UUID hostId) {
        CompletableFuture<String> done = new CompletableFuture<>();
        InetAddressAndPort ep = endpointOf(hostId);
        if (ep == null) {
            throw new OperationRefusedException("Host ID not found: " + hostId + " (see 'preflight node status' for host IDs)");
        }
        if (ep.equals(g.self)) {
            throw new OperationRefusedException("Cannot remove self; use decommission");
        }
        if (!g.table.isRingMember(ep)) {
            throw new OperationRefusedException("Node to be removed (" + ep + ") is not a member of the token ring");
        }
        if (g.table.live().contains(ep)) {
            throw new OperationRefusedException("Node " + ep + " is alive and owns this ID. Use decommission command to remove it from the ring");
        }
        int generation = g.table.get(ep).generation();
        g.log.info("Removing host: " + hostId);
        g.log.info("Sleeping for " + g.config.ringDelay().toMillis() + "ms to ensure " + ep + " does not change");
        g.loop.schedule(g.config.ringDelay(), () -> {
            try {
                PeerState p = g.table.get(ep);
                if (p == null || p.generation() != generation) {
                    throw new OperationRefusedException("Endpoint " + ep + " generation changed while trying to remove it");
                }
                g.log.info("Advertising removal for " + ep);
                UUID local = localHostId();
                spoof(ep, p, Map.of(
                        ApplicationState.STATUS_WITH_PORT, Status.removing(hostId.toString()),
                        ApplicationState.STATUS, Status.removing(hostId.toString()),
                        ApplicationState.REMOVAL_COORDINATOR, Status.removalCoordinator(String.valueOf(local))));
                // no data to re-replicate: take it out of the ring at once (Cassandra: after streaming)
                g.table.removeRingMember(ep);
                g.table.removeEndpoint(ep);
                g.listener.onRingChange();
                long expire = g.clock.currentTimeMillis() + g.config.leftExpiry().toMillis();
                String removed = Status.removed(hostId.toString(), expire);
                spoof(ep, g.table.get(ep), Map.of(ApplicationState.STATUS_WITH_PORT, removed, ApplicationState.STATUS, removed));
                g.table.setExpireTime(ep, expire);
                g.log.info("Completing removal of " + ep);
                g.loop.schedule(g.config.interval().multipliedBy(2), () -> done.complete("Removed " + ep + " (" + hostId + ")"));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * assassinate: make an endpoint LEFT however it is known. Unknown: invent a state one minute
     * ahead with heartbeat 9999. Known: wait RING_DELAY, refuse if its generation or heartbeat
     * moved (it is alive), then bump its generation so the LEFT state wins over any rumour.
     */
    public CompletableFuture<String> assassinate(InetAddressAndPort ep) {
        CompletableFuture<String> done = new CompletableFuture<>();
        if (ep.equals(g.self)) {
            throw new OperationRefusedException("Cannot assassinate this node itself; use decommission");
        }
        g.log.warn("Assassinating " + ep + " via gossip");
        PeerState known = g.table.get(ep);
        if (known == null) {
            int generation = (int) ((g.clock.currentTimeMillis() + 60_000) / 1000);
            EndpointState invented = new EndpointState(new HeartBeatState(generation, 9999), List.of(), g.stateTable);
            finishAssassination(ep, invented, done);
            return done;
        }
        int generation = known.generation();
        int heartbeat = known.state().heartBeat().version();
        g.log.info("Sleeping for " + g.config.ringDelay().toMillis() + "ms to ensure " + ep + " does not change");
        g.loop.schedule(g.config.ringDelay(), () -> {
            try {
                PeerState now = g.table.get(ep);
                EndpointState base;
                if (now == null) {
                    g.log.warn("Endpoint " + ep + " disappeared while trying to assassinate, continuing anyway");
                    base = known.state();
                } else if (now.generation() != generation) {
                    throw new OperationRefusedException("Endpoint still alive: " + ep + " generation changed while trying to assassinate it");
                } else if (now.state().heartBeat().version() != heartbeat) {
                    throw new OperationRefusedException("Endpoint still alive: " + ep + " heartbeat changed while trying to assassinate it");
                } else {
                    base = now.state();
                }
                HeartBeatState hb = base.heartBeat();
                finishAssassination(ep, base.withHeartBeat(new HeartBeatState(hb.generation() + 1, hb.version())), done);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void finishAssassination(InetAddressAndPort ep, EndpointState base, CompletableFuture<String> done) {
        String token = firstToken(base);
        if (token == null) {
            g.log.warn("Trying to assassinate an endpoint " + ep + " that does not have any tokens assigned. "
                    + "This should not have happened, trying to continue with a random token.");
            token = Token.murmur3(g.random.nextLong()).toString();
        }
        long expire = g.clock.currentTimeMillis() + g.config.leftExpiry().toMillis();
        String left = Status.left(token, expire);
        EndpointState s = base.toBuilder()
                .put(ApplicationState.STATUS_WITH_PORT, new VersionedValue(left, g.versions.next()))
                .put(ApplicationState.STATUS, new VersionedValue(left, g.versions.next()))
                .build();
        g.applier.handleMajorStateChange(ep, s);
        g.loop.schedule(g.config.interval().multipliedBy(4), () -> {
            g.log.warn("Finished assassinating " + ep);
            done.complete("Assassinated " + ep);
        });
    }

    /** Replaces states of another endpoint as if it had changed them itself: generation + 1, fresh versions. */
    private void spoof(InetAddressAndPort ep, PeerState p, Map<ApplicationState, String> values) {
        HeartBeatState hb = p.state().heartBeat();
        EndpointState.Builder b = p.state().toBuilder().heartBeat(new HeartBeatState(hb.generation() + 1, hb.version()));
        for (ApplicationState s : List.of(ApplicationState.STATUS_WITH_PORT, ApplicationState.STATUS,
                ApplicationState.REMOVAL_COORDINATOR)) {
            String v = values.get(s);
            if (v != null) {
                b.put(s, new VersionedValue(v, g.versions.next()));
            }
        }
        g.table.put(ep, p.withState(b.build()).touched(g.clock.nanoTime()));
    }

    /** The first token of an endpoint: from its STATUS value, else its TOKENS state. */
    static String firstToken(EndpointState s) {
        List<String> pieces = Status.pieces(PeerState.statusValue(s));
        if (pieces.size() >= 2 && !pieces.get(1).isEmpty() && pieces.get(1).matches("-?\\d+")) {
            return pieces.get(1);
        }
        VersionedValue tokens = s.get(ApplicationState.TOKENS);
        if (tokens != null) {
            try {
                List<Token> ts = Tokens.fromValue(tokens.value());
                if (!ts.isEmpty()) {
                    return ts.get(0).toString();
                }
            } catch (RuntimeException malformed) {
                return null; // the caller falls back to a random token
            }
        }
        return null;
    }

    private InetAddressAndPort endpointOf(UUID hostId) {
        String id = hostId.toString();
        InetAddressAndPort[] found = new InetAddressAndPort[1];
        g.table.forEach((ep, p) -> {
            if (id.equals(p.value(ApplicationState.HOST_ID))) {
                found[0] = ep;
            }
        });
        return found[0];
    }

    private UUID localHostId() {
        String v = g.table.get(g.self) == null ? null : g.table.get(g.self).value(ApplicationState.HOST_ID);
        try {
            return v == null ? null : UUID.fromString(v);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
