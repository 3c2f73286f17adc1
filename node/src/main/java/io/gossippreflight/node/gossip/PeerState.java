package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.util.Objects;

/**
 * What this node holds about one endpoint: the gossiped state (immutable, as on the wire) plus
 * two local facts Cassandra keeps beside it — whether we consider it alive, and when we last
 * learnt something new about it (monotonic nanos, for fat-client expiry). Immutable; the max
 * version and status, read on every digest and status check, are computed once.
 */
public final class PeerState {
    private final EndpointState state;
    private final boolean alive;
    private final long updateNanos;
    private final int maxVersion;
    private final String statusValue;

    public PeerState(EndpointState state, boolean alive, long updateNanos) {
        this.state = Objects.requireNonNull(state, "state");
        this.alive = alive;
        this.updateNanos = updateNanos;
        this.maxVersion = state.maxVersion();
        this.statusValue = statusValue(state);
    }

    private PeerState(PeerState p, boolean alive, long updateNanos) {
        this.state = p.state;
        this.alive = alive;
        this.updateNanos = updateNanos;
        this.maxVersion = p.maxVersion;
        this.statusValue = p.statusValue;
    }

    public EndpointState state() {
        return state;
    }

    public boolean alive() {
        return alive;
    }

    public long updateNanos() {
        return updateNanos;
    }

    /** Highest version of the heartbeat and every state (what our digest advertises). */
    public int maxVersion() {
        return maxVersion;
    }

    public PeerState withState(EndpointState s) {
        return new PeerState(s, alive, updateNanos);
    }

    public PeerState withAlive(boolean a) {
        return a == alive ? this : new PeerState(this, a, updateNanos);
    }

    public PeerState touched(long nowNanos) {
        return new PeerState(this, alive, nowNanos);
    }

    public int generation() {
        return state.heartBeat().generation();
    }

    /** STATUS_WITH_PORT, or STATUS when a peer sends only that (as Cassandra reads it). */
    public String statusValue() {
        return statusValue;
    }

    public String status() {
        return Status.name(statusValue);
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

    @Override
    public String toString() {
        return "PeerState[" + state + ", alive=" + alive + "]";
    }
}
