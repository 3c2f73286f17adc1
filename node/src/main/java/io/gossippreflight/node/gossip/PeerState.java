package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.VersionedValue;

/**
 * What this node holds about one endpoint: the gossiped state (immutable, as on the wire) plus
 * two local facts Cassandra keeps beside it — whether we consider it alive, and when we last
 * learnt something new about it (monotonic nanos, for fat-client expiry).
 */
public record PeerState(EndpointState state, boolean alive, long updateNanos) {
    public PeerState withState(EndpointState s) {
        return new PeerState(s, alive, updateNanos);
    }

    public PeerState withAlive(boolean a) {
        return new PeerState(state, a, updateNanos);
    }

    public PeerState touched(long nowNanos) {
        return new PeerState(state, alive, nowNanos);
    }

    public int generation() {
        return state.heartBeat().generation();
    }

    /** STATUS_WITH_PORT, or STATUS when a peer sends only that (as Cassandra reads it). */
    public String statusValue() {
        return statusValue(state);
    }

    public String status() {
        return Status.name(statusValue());
    }

    public String value(ApplicationState s) {
        VersionedValue v = state.get(s);
        return v == null ? null : v.value();
    }

    public static String statusValue(EndpointState s) {
        if (s == null) {
            return null;
        }
        VersionedValue v = s.get(ApplicationState.STATUS_WITH_PORT);
        if (v == null) {
            v = s.get(ApplicationState.STATUS);
        }
        return v == null ? null : v.value();
    }

    /** Heartbeat never set by its owner (a saved peer we have not heard from yet). */
    public boolean isEmpty() {
        return state.heartBeat().version() == Digests.EMPTY_VERSION;
    }
}
