package io.gossippreflight.config;

import java.util.Set;

/**
 * The keys a node.yaml has besides cassandra.yaml's (docs/node.md): the node reads them, and a
 * probe given a node.yaml does not call them unknown.
 */
public final class NodeYamlKeys {
    public static final Set<String> NAMES = Set.of("data_directory", "admin_address", "admin_port", "admin_token_file",
            "log_file", "rackdc_file", "ring_delay_ms", "gossip_quarantine_delay_ms", "very_long_time_ms",
            "shutdown_announce_in_ms", "internode_max_connections_per_peer", "internode_max_inbound_connections",
            "internode_inbound_idle_timeout", "metrics_address");

    private NodeYamlKeys() {
    }
}
