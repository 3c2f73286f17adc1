package io.gossippreflight.node.config;

import java.time.Duration;

/**
 * What inbound internode connections may hold, so that no peer, hostile or broken, can pin the
 * node's memory or its file descriptors. Messages that fit one frame (128 KiB) are decoded from
 * the frame and held by nobody; only a larger message, assembled from several frames, holds bytes
 * until it completes, and those count against three limits, as Cassandra's receive queue
 * reserves do (Cassandra 5.0.9 net/AbstractMessageHandler, config/Config.java
 * internode_application_receive_queue_reserve_*): the connection's own, all the connections of
 * one peer address, and all connections. Cassandra waits for capacity (back-pressure); a gossip
 * node has no legitimate message near these sizes, so a connection over a limit is closed.
 *
 * @param maxMessageSize          largest message one connection may assemble (internode_max_message_size)
 * @param endpointReserve         bytes all connections from one address may hold together
 * @param globalReserve           bytes all connections may hold together
 * @param maxConnectionsPerPeer   open inbound connections one address may have
 * @param maxConnections          open inbound connections in all
 * @param idleTimeout             a handshaked connection that sends nothing this long is closed
 */
public record InboundLimits(long maxMessageSize, long endpointReserve, long globalReserve, int maxConnectionsPerPeer,
        int maxConnections, Duration idleTimeout) {

    /**
     * Defaults: 16 MiB per message is ~6 times the largest ACK of a 1,000-node cluster with 256
     * tokens each (~2.5 MB); 32 and 64 MiB of reserves bound what peers can pin to a fraction of a
     * small heap; a Cassandra peer opens 3 messaging connections and a stream or two, but
     * {@code preflight probe check} checking this node holds up to ~120 at its defaults (its pool of
     * connections opened before anything large crosses, and a feeder per probe towards it) and more
     * with {@code --parallel 64}, so 256 per address; a peer sends to us at least every few minutes in
     * clusters of hundreds, so 10 idle minutes closes only abandoned connections.
     */
    public static final InboundLimits DEFAULTS = new InboundLimits(16L << 20, 32L << 20, 64L << 20, 256, 4096,
            Duration.ofMinutes(10));

    public InboundLimits {
        if (maxMessageSize < 1 || maxMessageSize > endpointReserve || endpointReserve > globalReserve) {
            throw new IllegalArgumentException("need 1 <= maxMessageSize <= endpointReserve <= globalReserve, got "
                    + maxMessageSize + ", " + endpointReserve + ", " + globalReserve);
        }
        if (maxConnectionsPerPeer < 1 || maxConnections < maxConnectionsPerPeer) {
            throw new IllegalArgumentException("need 1 <= maxConnectionsPerPeer <= maxConnections");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
    }
}
