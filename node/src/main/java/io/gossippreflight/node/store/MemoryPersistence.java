package io.gossippreflight.node.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;

/** {@link NodePersistence} in memory: a simulated node keeps it across simulated restarts. */
public final class MemoryPersistence implements NodePersistence {
    private int generation;
    private UUID hostId;
    private List<Long> tokens;
    private boolean bootstrapped;
    private boolean decommissioned;
    private List<String> peers = List.of();

    @Override
    public int nextGeneration(long nowSeconds) {
        generation = (int) Math.max(nowSeconds, (long) generation + 1);
        return generation;
    }

    @Override
    public UUID hostId(Random random) {
        if (hostId == null) {
            hostId = new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & ~(3L << 62)) | (2L << 62));
        }
        return hostId;
    }

    @Override
    public List<Long> tokens(int count, Random random) {
        if (tokens == null) {
            TreeSet<Long> t = new TreeSet<>();
            while (t.size() < count) {
                long v = random.nextLong();
                if (v != Long.MIN_VALUE) {
                    t.add(v);
                }
            }
            tokens = List.copyOf(t);
        }
        return tokens;
    }

    @Override
    public boolean bootstrapped() {
        return bootstrapped;
    }

    @Override
    public void markBootstrapped() {
        bootstrapped = true;
    }

    @Override
    public boolean decommissioned() {
        return decommissioned;
    }

    @Override
    public void markDecommissioned() {
        decommissioned = true;
    }

    @Override
    public List<String> peers() {
        return peers;
    }

    @Override
    public void savePeers(Collection<String> p) {
        peers = List.copyOf(new ArrayList<>(new TreeSet<>(p)));
    }
}
