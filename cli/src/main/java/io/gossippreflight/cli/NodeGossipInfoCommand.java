package io.gossippreflight.cli;

import io.gossippreflight.node.admin.ClusterView;
import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;

/** {@code preflight node gossipinfo}: every endpoint's generation, heartbeat and STATE:version:value lines. */
@Command(name = "gossipinfo", mixinStandardHelpOptions = true,
        description = "The node's gossip state of every endpoint, as nodetool gossipinfo.")
public final class NodeGossipInfoCommand extends NodeViewCommand {
    @Override
    BiConsumer<ClusterView, PrintWriter> layout() {
        return NodetoolFormat::gossipInfo;
    }
}
