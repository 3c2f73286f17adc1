package io.gossippreflight.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight node removenode HOST_ID}: remove a dead node from the ring (REMOVING, then removed). */
@Command(name = "removenode", mixinStandardHelpOptions = true,
        description = "Remove a dead node, by host ID, from the ring: this node spoofs its state to REMOVING, then removed "
                + "(expiring after 72 h). Refused while the node is alive.")
public final class NodeRemoveNodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeAdminOptions admin;

    @Parameters(index = "0", paramLabel = "HOST_ID", description = "Host ID of the dead node (see 'preflight node status').")
    String hostId;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(admin.client(Duration.ofMinutes(10)).removeNode(hostId));
        return ExitCode.OK;
    }
}
