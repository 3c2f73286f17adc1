package io.gossippreflight.node.store;

import java.util.Collection;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/** What a node keeps across restarts: on disk for real nodes ({@link NodeStore}), in memory in simulations. */
public interface NodePersistence {
    /** The generation for this start: max(now, last + 1), persisted before it is returned. */
    int nextGeneration(long nowSeconds);

    UUID hostId(Random random);

    List<Long> tokens(int count, Random random);

    /** True once this node has reached NORMAL (a restart then skips BOOT). */
    boolean bootstrapped();

    void markBootstrapped();

    /** True after a decommission: the node must not rejoin. */
    boolean decommissioned();

    void markDecommissioned();

    /** Peers ({@code host:port}) known at the last save. */
    List<String> peers();

    void savePeers(Collection<String> peers);
}
