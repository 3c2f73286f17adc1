package io.gossippreflight.node.config;

import io.gossippreflight.config.CassandraConfig;
import io.gossippreflight.config.CassandraYamlReader;
import io.gossippreflight.config.ConfigException;
import io.gossippreflight.config.ConfigFile;
import io.gossippreflight.config.NodeYamlKeys;
import io.gossippreflight.config.YamlMap;
import io.gossippreflight.node.NodeInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads node.yaml: a cassandra.yaml as is, through the project's one reader
 * ({@link CassandraYamlReader}: cluster_name, partitioner, seeds, listen/broadcast address, ports,
 * TLS, compression, snitch and dc/rack, storage_compatibility_mode), plus the node's own keys:
 * num_tokens' default, phi_convict_threshold, data_directory, admin_address, admin_port,
 * admin_token_file, log_file, the receive limits (Cassandra's internode_max_message_size and
 * internode_application_receive_queue_reserve_* names, and ours), and the timing overrides
 * Cassandra takes as system properties (ring_delay_ms, gossip_quarantine_delay_ms,
 * very_long_time_ms, shutdown_announce_in_ms). Every value is bounded, with the reason; every
 * error is one line naming the file, line and column.
 */
public final class NodeConfigLoader {
    public static final int DEFAULT_NUM_TOKENS = 16;

    private NodeConfigLoader() {
    }

    public static NodeConfig load(Path file) {
        try {
            return read(CassandraYamlReader.read(file), file);
        } catch (ConfigException e) {
            throw new NodeInputException(e.getMessage(), e);
        }
    }

    private static NodeConfig read(ConfigFile f, Path file) {
        CassandraConfig c = f.cassandra();
        YamlMap k = f.root();
        Path base = file.toAbsolutePath().getParent();
        List<String> notices = new ArrayList<>();

        if (c.listenAddress() == null) {
            if (c.listenInterface() != null) {
                throw k.bad("listen_interface", "is not supported by the node; set listen_address to the interface's address");
            }
            throw new ConfigException(file + ": listen_address is required (the address this node gossips on, "
                    + "e.g. listen_address: 198.18.1.2)");
        }
        if (c.broadcastAddress() != null && !c.broadcastAddress().equals(c.listenAddress())) {
            throw k.bad("broadcast_address", "differs from listen_address; the node advertises the address it listens "
                    + "on (no NAT support yet): remove broadcast_address or make it equal");
        }
        if (c.seeds().isEmpty()) {
            throw new ConfigException(k.whereKey("seed_provider") + "seed_provider lists no seeds; add\n  seed_provider:\n"
                    + "    - class_name: org.apache.cassandra.locator.SimpleSeedProvider\n      parameters:\n"
                    + "        - seeds: \"IP:7000\"");
        }
        if (!c.snitch().placementKnown()) {
            throw k.bad("endpoint_snitch", c.snitch().shortName() + ": " + c.snitch().origin() + "; the node needs its dc and "
                    + "rack at start: use SimpleSnitch, GossipingPropertyFileSnitch (cassandra-rackdc.properties) or "
                    + "RackInferringSnitch");
        }
        int numTokens = c.numTokens() != null ? c.numTokens() : DEFAULT_NUM_TOKENS;
        double phi = k.number("phi_convict_threshold", 8.0, 5, 16, "Cassandra's bounds; the default is 8");
        Path dataDir = base.resolve(k.string("data_directory", "data", 4096));
        String adminAddress = k.string("admin_address", "127.0.0.1", 253);
        int adminPort = k.integer("admin_port", NodeConfig.DEFAULT_ADMIN_PORT, 1, 65535);
        String tokenFile = k.string("admin_token_file", null, 4096);
        Path logFile = base.resolve(k.string("log_file", dataDir.resolve("logs").resolve("node.log").toString(), 4096));
        Duration ringDelay = k.duration("ring_delay_ms", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1),
                "ms", "the shadow round waits twice this, removenode and assassinate once; Cassandra's default is 30 s");
        Duration quarantine = k.duration("gossip_quarantine_delay_ms", null, Duration.ofMillis(100), Duration.ofDays(1),
                "ms", "gossip about a removed node is ignored this long; Cassandra's default is twice ring_delay_ms");
        Duration leftExpiry = k.duration("very_long_time_ms", Duration.ofHours(72), Duration.ofSeconds(1),
                Duration.ofDays(365), "ms", "LEFT states are kept this long before eviction; Cassandra's default is 72 h");
        Duration shutdownAnnounce = k.duration("shutdown_announce_in_ms", Duration.ofSeconds(2), Duration.ZERO,
                Duration.ofMinutes(1), "ms", "a graceful stop waits this long for its shutdown message to go out");
        InboundLimits inbound = inbound(k);
        Path adminToken = AdminAccess.tokenFile(adminAddress, tokenFile == null ? null : base.resolve(tokenFile), dataDir);
        String metrics = metricsAddress(k);

        NodeConfig nc = new NodeConfig(file, c, numTokens, phi, dataDir, adminAddress, adminPort, adminToken, logFile,
                ringDelay, quarantine, leftExpiry, shutdownAnnounce, inbound, merge(notices, f.notices(NodeYamlKeys.NAMES)), metrics);
        try {
            nc.gossipConfig();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file + ": " + e.getMessage());
        }
        return nc;
    }

    /**
     * metrics_address: off when absent; ADDRESS[:PORT] (port 9465 when left out, 0 lets the kernel
     * choose). Loopback is what the docs give: the page names every peer.
     */
    private static String metricsAddress(YamlMap k) {
        String v = k.string("metrics_address", null, io.gossippreflight.wire.gossip.HostAndPort.MAX_HOST_LENGTH + 8);
        if (v == null) {
            return null;
        }
        try {
            io.gossippreflight.wire.gossip.HostAndPort.parse(v, NodeConfig.DEFAULT_METRICS_PORT, 0);
        } catch (IllegalArgumentException e) {
            throw k.bad("metrics_address", "must be ADDRESS[:PORT], e.g. 127.0.0.1:" + NodeConfig.DEFAULT_METRICS_PORT
                    + ": " + e.getMessage());
        }
        return v;
    }

    private static InboundLimits inbound(YamlMap k) {
        InboundLimits d = InboundLimits.DEFAULTS;
        long global = k.size("internode_application_receive_queue_reserve_global_capacity", d.globalReserve(), 1L << 20,
                1L << 30, "bytes all inbound connections may hold for incomplete messages");
        long endpoint = k.size("internode_application_receive_queue_reserve_endpoint_capacity",
                Math.min(d.endpointReserve(), global), 1L << 20, global,
                "bytes the connections of one peer address may hold; at most the global reserve");
        long max = k.size("internode_max_message_size", Math.min(d.maxMessageSize(), endpoint), 64L << 10, endpoint,
                "the largest message one connection may assemble; at most the endpoint reserve, as Cassandra requires");
        int perPeer = k.integer("internode_max_connections_per_peer", d.maxConnectionsPerPeer(), 4, 1024);
        int total = k.integer("internode_max_inbound_connections", Math.max(d.maxConnections(), perPeer), perPeer, 65536);
        Duration idle = k.duration("internode_inbound_idle_timeout", d.idleTimeout(), Duration.ofSeconds(1), Duration.ofDays(1),
                "s", "a handshaked inbound connection silent this long is closed; peers reconnect when they next send");
        return new InboundLimits(max, endpoint, global, perPeer, total, idle);
    }

    private static List<String> merge(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
