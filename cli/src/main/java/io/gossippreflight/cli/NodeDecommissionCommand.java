package io.gossippreflight.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code preflight node decommission}: the node leaves the ring (LEAVING, then LEFT) and stops gossiping. */
@Command(name = "decommission", mixinStandardHelpOptions = true,
        description = "Make the node leave the ring: LEAVING, RING_DELAY, LEFT (expiring after 72 h), then it stops gossiping. "
                + "Waits until done (about two RING_DELAYs).")
public final class NodeDecommissionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeAdminOptions admin;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() {
        progress.note(spec.commandLine().getErr(), "decommissioning; this takes about two RING_DELAYs...");
        spec.commandLine().getOut().println(admin.client(Duration.ofMinutes(15)).decommission());
        return ExitCode.OK;
    }
}
