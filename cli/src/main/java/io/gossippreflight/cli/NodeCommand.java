package io.gossippreflight.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code preflight node} command group. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Run this project's gossip node and administer it (status, gossipinfo, describecluster, ...).",
        subcommands = {
            NodeStartCommand.class,
            NodeStatusCommand.class,
            NodeGossipInfoCommand.class,
            NodeDescribeClusterCommand.class,
            NodeDecommissionCommand.class,
            NodeRemoveNodeCommand.class,
            NodeAssassinateCommand.class,
        })
public final class NodeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command for 'node'"
                + (spec.subcommands().isEmpty() ? "" : ": choose one of " + String.join(", ", spec.subcommands().keySet())));
    }
}
