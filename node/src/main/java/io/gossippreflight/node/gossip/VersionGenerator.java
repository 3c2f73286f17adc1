package io.gossippreflight.node.gossip;

/**
 * Versions for everything one node originates: its heartbeat and its application states share
 * one increasing counter (Cassandra gms/VersionGenerator.java is one per process; this is one
 * per node so many nodes can share a JVM).
 */
public final class VersionGenerator {
    private int last;

    public int next() {
        if (last == Integer.MAX_VALUE) {
            throw new IllegalStateException("version counter exhausted; restart the node (new generation)");
        }
        return ++last;
    }

    public int last() {
        return last;
    }
}
