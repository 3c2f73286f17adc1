package io.gossippreflight.node.net;

import io.gossippreflight.node.config.InboundLimits;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.wire.netty.ReceiveBudget;
import io.gossippreflight.wire.netty.ReceiveLimitException;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Enforces {@link InboundLimits} across all inbound connections: connections per peer address
 * and in all, and bytes held for incomplete messages per connection, per address and in all. A
 * peer over a limit is closed by the caller; {@link #logOnce} says so once per address, so a
 * hostile peer cannot flood the log either. Calls come from the transport's event loops: every
 * method is synchronized (a connection or a large message, not every byte, comes through here).
 */
public final class InboundGuard {
    /** Addresses remembered as already logged; beyond this, one more line says logging stops. */
    static final int MAX_LOGGED_PEERS = 1024;

    private final InboundLimits limits;
    private final NodeLog log;
    private final Map<InetAddress, Peer> peers = new HashMap<>();
    private final Set<InetAddress> logged = new LinkedHashSet<>();
    private int connections;
    private long held;
    private long refusals;

    private static final class Peer {
        int connections;
        long held;
    }

    public InboundGuard(InboundLimits limits, NodeLog log) {
        this.limits = limits;
        this.log = log;
    }

    /** A new connection from {@code peer}: null when admitted (call {@link #leave} when it closes), else why not. */
    public synchronized String admit(InetAddress peer) {
        Peer p = peers.computeIfAbsent(peer, k -> new Peer());
        if (p.connections >= limits.maxConnectionsPerPeer()) {
            dropIfIdle(peer, p);
            return "it already has " + p.connections + " inbound connections open (internode_max_connections_per_peer "
                    + limits.maxConnectionsPerPeer() + ")";
        }
        if (connections >= limits.maxConnections()) {
            dropIfIdle(peer, p);
            return connections + " inbound connections are open in all (internode_max_inbound_connections "
                    + limits.maxConnections() + ")";
        }
        p.connections++;
        connections++;
        return null;
    }

    public synchronized void leave(InetAddress peer) {
        Peer p = peers.get(peer);
        if (p != null) {
            p.connections--;
            connections--;
            dropIfIdle(peer, p);
        }
    }

    private void dropIfIdle(InetAddress peer, Peer p) {
        if (p.connections <= 0 && p.held <= 0) {
            peers.remove(peer);
        }
    }

    /** The budget of one connection from {@code peer}: its message size limit and the shared reserves. */
    public ReceiveBudget budget(InetAddress peer) {
        return new ReceiveBudget() {
            @Override
            public void reserve(long bytes) {
                String why = tryReserve(peer, bytes);
                if (why != null) {
                    throw new ReceiveLimitException(why);
                }
            }

            @Override
            public void release(long bytes) {
                InboundGuard.this.release(peer, bytes);
            }
        };
    }

    synchronized String tryReserve(InetAddress peer, long bytes) {
        if (bytes > limits.maxMessageSize()) {
            return "a message of " + bytes + " bytes is over internode_max_message_size (" + limits.maxMessageSize() + ")";
        }
        Peer p = peers.computeIfAbsent(peer, k -> new Peer());
        if (p.held + bytes > limits.endpointReserve()) {
            dropIfIdle(peer, p);
            return "its incomplete messages would hold " + (p.held + bytes) + " bytes, over "
                    + "internode_application_receive_queue_reserve_endpoint_capacity (" + limits.endpointReserve() + ")";
        }
        if (held + bytes > limits.globalReserve()) {
            dropIfIdle(peer, p);
            return "incomplete messages of all peers would hold " + (held + bytes) + " bytes, over "
                    + "internode_application_receive_queue_reserve_global_capacity (" + limits.globalReserve() + ")";
        }
        p.held += bytes;
        held += bytes;
        return null;
    }

    synchronized void release(InetAddress peer, long bytes) {
        Peer p = peers.get(peer);
        if (p != null) {
            p.held -= bytes;
            dropIfIdle(peer, p);
        }
        held -= bytes;
    }

    /** Logs (WARN) that {@code peer} was closed and why, the first time only; later ones at DEBUG. */
    public void logOnce(InetAddress peer, String what) {
        boolean first;
        boolean full = false;
        synchronized (this) {
            refusals++;
            first = logged.size() < MAX_LOGGED_PEERS && logged.add(peer);
            if (!first && logged.size() == MAX_LOGGED_PEERS && !logged.contains(peer)) {
                full = logged.add(null);
            }
        }
        if (first) {
            log.warn(what + " (logged once per peer address; later ones at DEBUG)");
        } else if (full) {
            log.warn("More than " + MAX_LOGGED_PEERS + " peer addresses closed for exceeding limits; not logging more of them");
        } else {
            log.debug(what);
        }
    }

    /** Bytes held for incomplete messages now, in all. */
    public synchronized long held() {
        return held;
    }

    /** Open inbound connections admitted now. */
    public synchronized int connections() {
        return connections;
    }

    /** Connections closed for exceeding a limit, since start. */
    public synchronized long refusals() {
        return refusals;
    }
}
