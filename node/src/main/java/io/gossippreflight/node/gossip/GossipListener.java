package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.InetAddressAndPort;

/** Membership events a node reacts to (persisting peers, stopping when removed). Called on the node's loop. */
public interface GossipListener {
    GossipListener NONE = new GossipListener() {
    };

    default void onUp(InetAddressAndPort ep) {
    }

    default void onDown(InetAddressAndPort ep) {
    }

    /**
     * New application states of {@code ep} are in the table (a new endpoint or generation taken
     * whole, or newer states merged), before anything is sent to it because of them: what must
     * be known when the first connection to a peer is opened (its DC and RACK) is known here.
     */
    default void onStatesApplied(InetAddressAndPort ep) {
    }

    /** The endpoint's status value changed (old may be null for an endpoint new to us). */
    default void onStatus(InetAddressAndPort ep, String oldStatus, String newStatus) {
    }

    /** The set of ring members (token owners) changed. */
    default void onRingChange() {
    }

    /** The endpoint was dropped from gossip (expired LEFT/removed state, or a silent fat client). */
    default void onEvicted(InetAddressAndPort ep) {
    }
}
