package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Topology;
import java.util.Arrays;
import java.util.Iterator;

/** The topology names, for help text and shell completion. */
final class TopologyNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Arrays.stream(Topology.values()).map(Topology::id).iterator();
    }
}
