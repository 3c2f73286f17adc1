package io.gossippreflight.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preflight node gossipinfo}: every endpoint's generation, heartbeat and STATE:version:value lines. */
@Command(name = "gossipinfo", mixinStandardHelpOptions = true,
        description = "The node's gossip state of every endpoint, as nodetool gossipinfo.")
public final class NodeGossipInfoCommand extends NodeViewCommand {
    @Option(names = {"-r", "--resolve-ip"}, description = "Show host names instead of IP addresses, as nodetool -r.")
    boolean resolve;

    @Override
    boolean resolveIp() {
        return resolve;
    }

    @Override
    Layout layout() {
        return NodetoolFormat::gossipInfo;
    }
}
