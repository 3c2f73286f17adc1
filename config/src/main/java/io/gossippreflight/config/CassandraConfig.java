package io.gossippreflight.config;

import io.gossippreflight.wire.gossip.HostAndPort;
import java.util.List;
import java.util.Objects;

/**
 * Every cassandra.yaml setting that changes what goes on the wire between nodes, read and bounded
 * by {@link CassandraYamlReader}. Immutable.
 *
 * @param source                   the file, as named in messages
 * @param clusterName              cluster_name (Cassandra's default 'Test Cluster')
 * @param partitioner              the partitioner's full class name, as SYNs carry it
 * @param numTokens                num_tokens, null when the file does not set it (callers choose their default)
 * @param seeds                    seed_provider's seeds, ports defaulting to storage_port; empty when none
 * @param seedProvider             seed_provider's class name
 * @param listenAddress            listen_address as written, null when not set
 * @param listenInterface          listen_interface, null when not set
 * @param broadcastAddress         broadcast_address, null when not set (= listen_address)
 * @param storagePort              storage_port (7000)
 * @param sslStoragePort           ssl_storage_port (7001, only with the legacy SSL port)
 * @param encryption               server_encryption_options
 * @param internodeCompression     internode_compression (none)
 * @param snitch                   endpoint_snitch with this node's dc and rack
 * @param storageCompatibilityMode storage_compatibility_mode (CASSANDRA_4, the 5.0 default)
 */
public record CassandraConfig(String source, String clusterName, String partitioner, Integer numTokens,
        List<HostAndPort> seeds, String seedProvider, String listenAddress, String listenInterface,
        String broadcastAddress, int storagePort, int sslStoragePort, ServerEncryption encryption,
        InternodeCompression internodeCompression, Snitch snitch, StorageCompatibilityMode storageCompatibilityMode) {

    public static final String DEFAULT_CLUSTER_NAME = "Test Cluster";
    public static final String MURMUR3 = "org.apache.cassandra.dht.Murmur3Partitioner";
    public static final int DEFAULT_STORAGE_PORT = 7000;
    public static final int DEFAULT_SSL_STORAGE_PORT = 7001;
    /** Cassandra 5.0.9 DatabaseDescriptor.MAX_NUM_TOKENS. */
    public static final int MAX_NUM_TOKENS = 1536;

    public CassandraConfig {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(partitioner, "partitioner");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(snitch, "snitch");
    }

    /**
     * How many seeds the file names: with {@link #numTokens} a floor for the size of the messages
     * a joining node needs (every seed's state is in the first ACK), never a replacement for what
     * a seed's own ACK measures.
     */
    public int seedCount() {
        return seeds.size();
    }

    /** The messaging version this node would speak to a 5.0 peer (12, or 13 with storage_compatibility_mode NONE). */
    public int messagingVersion() {
        return storageCompatibilityMode.messagingVersion();
    }
}
