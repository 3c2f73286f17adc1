package io.gossippreflight.cli;

import io.gossippreflight.node.admin.ClusterView;
import java.io.PrintWriter;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;

/** {@code preflight node status}: the UN/DN table, as nodetool status. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Ring members as the node sees them: Up/Down, Normal/Leaving/Joining/Moving, load, tokens, host ID.")
public final class NodeStatusCommand extends NodeViewCommand {
    @Override
    BiConsumer<ClusterView, PrintWriter> layout() {
        return NodetoolFormat::status;
    }
}
