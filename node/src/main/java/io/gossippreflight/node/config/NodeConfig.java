package io.gossippreflight.node.config;

import io.gossippreflight.node.GossipConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A node's settings as read from node.yaml (cassandra.yaml keys plus a few of ours). Immutable.
 *
 * @param seeds seed addresses as written ({@code host} or {@code host:port}); the port defaults to storagePort
 */
public record NodeConfig(
        Path source,
        String clusterName,
        String partitioner,
        List<String> seeds,
        String listenAddress,
        int storagePort,
        int numTokens,
        double phiConvictThreshold,
        String snitch,
        String dc,
        String rack,
        Path dataDirectory,
        String adminAddress,
        int adminPort,
        Path logFile,
        Duration ringDelay,
        Duration quarantineDelay,
        Duration leftExpiry,
        Duration shutdownAnnounceDelay) {

    /** Default admin port: beside Cassandra's JMX 7199, so both can run on one host. */
    public static final int DEFAULT_ADMIN_PORT = 7198;

    public NodeConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        seeds = List.copyOf(seeds);
    }

    /** The gossip settings these values imply (everything else at Cassandra's defaults). */
    public GossipConfig gossipConfig() {
        GossipConfig.Builder b = GossipConfig.builder()
                .clusterName(clusterName)
                .partitioner(partitioner)
                .phiConvictThreshold(phiConvictThreshold)
                .ringDelay(ringDelay)
                .leftExpiry(leftExpiry)
                .shutdownAnnounceDelay(shutdownAnnounceDelay);
        if (quarantineDelay != null) {
            b.quarantineDelay(quarantineDelay);
        }
        return b.build();
    }
}
