package io.gossippreflight.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code preflight probe} command group. */
@Command(
        name = "probe",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Actively check a path with real gossip exchanges of growing size, DF set, both directions.",
        subcommands = {ProbeServeCommand.class, ProbeCheckCommand.class, ProbeWatchCommand.class, ProbeMeshCommand.class})
public final class ProbeCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command for 'probe'"
                + (spec.subcommands().isEmpty() ? "" : ": choose one of " + String.join(", ", spec.subcommands().keySet())));
    }
}
