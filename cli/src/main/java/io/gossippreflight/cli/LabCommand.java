package io.gossippreflight.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code preflight lab} command group. */
@Command(
        name = "lab",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Build and run network labs (namespaces, veth, nftables) that fail the way production paths fail. Needs root.",
        subcommands = {
            LabUpCommand.class,
            LabDownCommand.class,
            LabListCommand.class,
            LabStatusCommand.class,
            LabExecCommand.class,
            LabCaptureCommand.class,
        })
public final class LabCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command for 'lab'"
                + (spec.subcommands().isEmpty() ? "" : ": choose one of " + String.join(", ", spec.subcommands().keySet())));
    }
}
