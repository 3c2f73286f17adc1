package io.gossippreflight.node.config;

import io.gossippreflight.config.CassandraConfig;
import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.wire.gossip.HostAndPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A node's settings as read from node.yaml: the wire settings of its cassandra.yaml keys (read by
 * the project's one reader, {@code config.CassandraYamlReader}) plus the node's own. Immutable.
 *
 * @param adminTokenFile file holding the admin API token; null when the API needs none (loopback, no file set)
 * @param inbound        limits on what inbound internode connections may hold
 * @param notices        keys nobody understood and settings read but without effect, one line each
 * @param metricsAddress where /metrics for Prometheus is served (ADDRESS[:PORT]), null when off
 */
public record NodeConfig(
        Path source,
        CassandraConfig cassandra,
        int numTokens,
        double phiConvictThreshold,
        Path dataDirectory,
        String adminAddress,
        int adminPort,
        Path adminTokenFile,
        Path logFile,
        Duration ringDelay,
        Duration quarantineDelay,
        Duration leftExpiry,
        Duration shutdownAnnounceDelay,
        InboundLimits inbound,
        List<String> notices,
        String metricsAddress) {

    /** Default admin port: beside Cassandra's JMX 7199, so both can run on one host. */
    public static final int DEFAULT_ADMIN_PORT = 7198;
    /** The metrics port when metrics_address names none (probe watch's is 9464, so both fit on one host). */
    public static final int DEFAULT_METRICS_PORT = 9465;

    public NodeConfig {
        Objects.requireNonNull(cassandra, "cassandra");
        Objects.requireNonNull(inbound, "inbound");
        notices = List.copyOf(notices);
    }

    public String clusterName() {
        return cassandra.clusterName();
    }

    public String partitioner() {
        return cassandra.partitioner();
    }

    /** Seeds, ports defaulting to storage_port. */
    public List<HostAndPort> seeds() {
        return cassandra.seeds();
    }

    public String listenAddress() {
        return cassandra.listenAddress();
    }

    public int storagePort() {
        return cassandra.storagePort();
    }

    public String snitch() {
        return cassandra.snitch().className();
    }

    public String dc() {
        return cassandra.snitch().dc();
    }

    public String rack() {
        return cassandra.snitch().rack();
    }

    /** The gossip settings these values imply (everything else at Cassandra's defaults). */
    public GossipConfig gossipConfig() {
        GossipConfig.Builder b = GossipConfig.builder()
                .clusterName(clusterName())
                .partitioner(partitioner())
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
