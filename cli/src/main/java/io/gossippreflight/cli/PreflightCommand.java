package io.gossippreflight.cli;

import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top of the {@code preflight} command tree; its commands are {@link #COMMANDS}, added by {@link Preflight}. */
@Command(
        name = "preflight",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "Will the gossip messages this cluster needs cross this network path? If not, why, and what fixes it.",
        description = {
            "",
            "gossip-preflight checks network paths between gossip nodes (Apache Cassandra, or this project's "
                    + "own node) for the failure that kills cross-region joins: large gossip messages silently "
                    + "lost at a smaller path MTU (a VPN tunnel) because ICMP \"fragmentation needed\" never "
                    + "reaches the sender.",
            "",
        },
        footerHeading = "%nExit codes:%n",
        footer = {
            "  0  the path is healthy, or the command did what was asked",
            "  1  a path problem was diagnosed (black hole, MTU limit, loss, mismatch)",
            "  2  bad usage or bad input; the message names it and the fix",
            "  3  environment error (not root, libpcap or a tool missing); the message says the remedy",
            "",
            "Run 'preflight COMMAND --help' for the details of a command.",
        })
public final class PreflightCommand implements Runnable {
    /**
     * The commands, in the order help lists them. Not in the annotation: building a command's model
     * costs picocli a few milliseconds per option, and a one-off run builds only the command it runs
     * ({@link Preflight#commandLine(String...)}).
     */
    static final List<Class<?>> COMMANDS = List.of(AnalyzeCommand.class, CaptureCommand.class, LabCommand.class,
            ProbeCommand.class, NodeCommand.class, CompletionCommand.class, ManCommand.class);

    /** Commands that read the whole tree (man pages, completion): with them, every command is built. */
    static final Set<Class<?>> NEED_THE_WHOLE_TREE = Set.of(CompletionCommand.class, ManCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing command: choose one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
