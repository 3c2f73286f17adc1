package io.gossippreflight.probe.responder;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.wire.MessagingVersion;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How a responder presents itself.
 *
 * @param listen address and port for gossip (TCP) and the DF UDP probe (UDP)
 * @param clusterName SYNs naming another cluster are dropped, as Cassandra does
 * @param partitioner SYNs naming another partitioner are dropped
 * @param endpoints N: endpoints in its synthetic cluster, itself included
 * @param tokens T: tokens per endpoint
 * @param udp answer DF UDP probes on the same port
 */
public record ResponderConfig(InetSocketAddress listen, String clusterName, String partitioner, int endpoints, int tokens,
                              boolean udp, MessagingVersion minVersion, MessagingVersion maxVersion) {
    public static final String DEFAULT_CLUSTER = "Test Cluster";
    public static final String DEFAULT_PARTITIONER = "org.apache.cassandra.dht.Murmur3Partitioner";
    /** Largest synthetic cluster: its shadow ACK stays well below the decoders' limits. */
    public static final int MAX_ENDPOINTS = 5_000;
    public static final int MAX_TOKENS = 1_536;

    public ResponderConfig {
        Objects.requireNonNull(listen, "listen");
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(partitioner, "partitioner");
        if (endpoints < 1 || endpoints > MAX_ENDPOINTS) {
            throw ProbeException.usage("--endpoints " + endpoints + " is out of range: use 1.." + MAX_ENDPOINTS);
        }
        if (tokens < 1 || tokens > MAX_TOKENS) {
            throw ProbeException.usage("--tokens " + tokens + " is out of range: use 1.." + MAX_TOKENS
                    + " (Cassandra's num_tokens is usually 16 or 256)");
        }
        if (minVersion.id() > maxVersion.id() || minVersion.isModern() != maxVersion.isModern()) {
            throw ProbeException.usage("messaging versions " + minVersion.id() + ".." + maxVersion.id()
                    + " are neither a 4.0+ range (12, 13) nor a 3.x one (10, 11)");
        }
    }

    public static ResponderConfig defaults(InetSocketAddress listen) {
        // messaging version 12 only, as Cassandra 5.0.9 in its default storage_compatibility_mode
        return new ResponderConfig(listen, DEFAULT_CLUSTER, DEFAULT_PARTITIONER, 1, 16, true, MessagingVersion.V12,
                MessagingVersion.V12);
    }
}
