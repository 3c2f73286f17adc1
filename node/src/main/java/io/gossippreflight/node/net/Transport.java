package io.gossippreflight.node.net;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;

/**
 * How a node reaches its peers: one-way messages to an address, inbound messages handed to a
 * receiver. Delivery is not guaranteed and ordering only per sender (like internode TCP
 * connections); replies are ordinary messages sent back to the sender's address, as in
 * Cassandra 4.0+ where a node answers over its own outbound connection.
 */
public interface Transport {
    /** Receives inbound messages; may be called on any thread (the node hands off to its loop). */
    @FunctionalInterface
    interface Receiver {
        void receive(InetAddressAndPort from, Message message);
    }

    /** The address peers know this node by (listen/broadcast address and storage port). */
    InetAddressAndPort localAddress();

    /** Starts delivering inbound messages to {@code receiver}. */
    void start(Receiver receiver);

    /** Queues {@code message} for {@code to}; never blocks the caller, silently drops on failure. */
    void send(InetAddressAndPort to, Message message);

    /** Stops sending and receiving; messages still queued get a bounded time to go out first. */
    void close();

    /** Stops at once, queued messages lost (what a crash looks like to the peers). */
    default void closeNow() {
        close();
    }
}
