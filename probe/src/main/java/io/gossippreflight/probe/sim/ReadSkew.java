package io.gossippreflight.probe.sim;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

/**
 * A busy process reads its connections on several threads, each when it gets the CPU: each message
 * waits up to a maximum (uniformly, a seeded draw) before its connection's reader hands it on, in
 * order within a connection but not across them. A message that arrived later on another
 * connection may be dealt with first.
 */
final class ReadSkew {
    private final long maxNanos;
    private final Random random;
    private final Map<Object, Long> readerFree = new HashMap<>();

    ReadSkew(Duration max, long seed) {
        this.maxNanos = max.toNanos();
        this.random = new Random(seed);
    }

    /** When a message that arrived {@code now} on {@code connection} is handed on. */
    long handOff(Object connection, long now) {
        long at = Math.max(readerFree.getOrDefault(connection, 0L), now + (long) (random.nextDouble() * maxNanos));
        readerFree.put(connection, at);
        return at;
    }
}
