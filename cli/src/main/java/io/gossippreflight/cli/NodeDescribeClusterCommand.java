package io.gossippreflight.cli;

import picocli.CommandLine.Command;

/** {@code preflight node describecluster}: name, partitioner, schema versions (UNREACHABLE), datacenters. */
@Command(name = "describecluster", mixinStandardHelpOptions = true,
        description = "Cluster name, snitch, partitioner, schema versions with UNREACHABLE nodes, as nodetool describecluster.")
public final class NodeDescribeClusterCommand extends NodeViewCommand {
    @Override
    Layout layout() {
        return NodetoolFormat::describeCluster;
    }
}
