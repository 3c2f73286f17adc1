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
    private final int maxStateVersion;
    private final String statusValue;

    public PeerState(EndpointState state, boolean alive, long updateNanos) {
        this.state = Objects.requireNonNull(state, "state");
        this.alive = alive;
        this.updateNanos = updateNanos;
        int max = Integer.MIN_VALUE;
        for (EndpointState.Entry e : state.entries()) {
            max = Math.max(max, e.value().version());
        }
        this.maxStateVersion = max;
        this.maxVersion = Math.max(max, state.heartBeat().version());
        this.statusValue = statusValue(state);
    }

    private PeerState(PeerState p, EndpointState state, boolean alive, long updateNanos) {
        this.state = state;
        this.alive = alive;
        this.updateNanos = updateNanos;
        this.maxStateVersion = p.maxStateVersion;
        this.maxVersion = Math.max(p.maxStateVersion, state.heartBeat().version());
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

    /** Highest version among the application states alone (Integer.MIN_VALUE when there are none). */
    public int maxStateVersion() {
        return maxStateVersion;
    }

    public PeerState withState(EndpointState s) {
        return new PeerState(s, alive, updateNanos);
    }

    /** Same states, another heartbeat: the common update, without rescanning the states. */
    public PeerState withHeartBeat(io.gossippreflight.wire.gossip.HeartBeatState hb) {
        return new PeerState(this, state.withHeartBeat(hb), alive, updateNanos);
    }

    public PeerState withAlive(boolean a) {
        return a == alive ? this : new PeerState(this, state, a, updateNanos);
    }

    public PeerState touched(long nowNanos) {
        return new PeerState(this, state, alive, nowNanos);
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
