package io.gossippreflight.wire.gossip;

import java.util.Objects;

/** One entry of the endpoint-state map that GossipDigestAck and GossipDigestAck2 carry. */
public record AddressedState(InetAddressAndPort endpoint, EndpointState state) {
    /** Smallest entry on the wire: IPv4 without port + heartbeat + empty state count. */
    static final int MIN_SIZE = 5 + 8 + 4;

    public AddressedState {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(state, "state");
    }
}
