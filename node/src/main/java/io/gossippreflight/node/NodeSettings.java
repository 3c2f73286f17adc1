package io.gossippreflight.node;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.List;
import java.util.Objects;

/**
 * What one node needs besides its collaborators: where it is, whom it asks first, what it
 * advertises. Immutable.
 *
 * @param releaseVersion RELEASE_VERSION advertised; Cassandra peers parse it, so it names the
 *                       Cassandra release whose gossip this node speaks
 * @param messagingVersion NET_VERSION advertised: the messaging version spoken (12, or 13 in
 *                       storage_compatibility_mode NONE)
 */
public record NodeSettings(InetAddressAndPort address, List<InetAddressAndPort> seeds, int numTokens, String dc,
        String rack, String releaseVersion, int nativePort, GossipConfig gossip, int messagingVersion) {

    public static final String DEFAULT_RELEASE_VERSION = "5.0.9";

    public NodeSettings {
        Objects.requireNonNull(address, "address");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(gossip, "gossip");
        if (numTokens < 1) {
            throw new IllegalArgumentException("numTokens must be >= 1");
        }
    }

    public static NodeSettings of(InetAddressAndPort address, List<InetAddressAndPort> seeds, int numTokens,
            GossipConfig gossip) {
        return new NodeSettings(address, seeds, numTokens, "datacenter1", "rack1", DEFAULT_RELEASE_VERSION, 9042, gossip, 12);
    }

    public boolean isSeed() {
        return seeds.contains(address);
    }
}
