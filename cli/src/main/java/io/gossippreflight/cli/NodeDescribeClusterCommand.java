package io.gossippreflight.cli;

import io.gossippreflight.node.admin.ClusterView;
import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;

/** {@code preflight node describecluster}: name, partitioner, schema versions (UNREACHABLE), datacenters. */
@Command(name = "describecluster", mixinStandardHelpOptions = true,
        description = "Cluster name, snitch, partitioner, schema versions with UNREACHABLE nodes, as nodetool describecluster.")
public final class NodeDescribeClusterCommand extends NodeViewCommand {
    @Override
    BiConsumer<ClusterView, PrintWriter> layout() {
        return NodetoolFormat::describeCluster;
    }
}
