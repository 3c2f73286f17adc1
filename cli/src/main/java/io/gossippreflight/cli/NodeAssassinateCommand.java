package io.gossippreflight.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight node assassinate IP}: force an endpoint to LEFT with a bumped generation. */
@Command(name = "assassinate", mixinStandardHelpOptions = true,
        description = "Force an endpoint out of gossip: after RING_DELAY (refused if it is alive) its state becomes LEFT "
                + "with generation + 1, which wins over stale rumours. Last resort, as in Cassandra.")
public final class NodeAssassinateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeAdminOptions admin;

    @Parameters(index = "0", paramLabel = "IP", description = "Address of the endpoint, IP or IP:port (port defaults to ours).")
    String address;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(admin.client(Duration.ofMinutes(10)).assassinate(address));
        return ExitCode.OK;
    }
}
