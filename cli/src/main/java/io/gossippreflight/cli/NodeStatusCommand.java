package io.gossippreflight.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code preflight node status}: the UN/DN table, as nodetool status. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ring members as the node sees them: Up/Down, Normal/Leaving/Joining/Moving, load, tokens, host ID.")
public final class NodeStatusCommand extends NodeViewCommand {
    @Option(names = {"-r", "--resolve-ip"}, description = "Show host names instead of IP addresses, as nodetool -r.")
    boolean resolve;

    @Override
    boolean resolveIp() {
        return resolve;
    }

    @Override
    Layout layout() {
        return NodetoolFormat::status;
    }
}
