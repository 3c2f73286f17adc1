package io.gossippreflight.wire;

/**
 * The body of an internode message: a decoded gossip payload, no payload, or bytes kept as read.
 * Implementations are immutable.
 */
public interface Payload {
}
