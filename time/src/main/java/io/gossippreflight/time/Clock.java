package io.gossippreflight.time;

/**
 * The node's only source of time. Gossip, failure detection and expiry read time through this
 * interface so that tests and simulations can step it instead of waiting.
 */
public interface Clock {
    /** Monotonic time in nanoseconds, for intervals (phi, timeouts). Only differences are meaningful. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, for generations and LEFT/REMOVED expiry times. */
    long currentTimeMillis();
}
