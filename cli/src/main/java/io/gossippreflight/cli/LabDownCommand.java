package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.Topology;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code preflight lab down [TOPOLOGY|--all]}. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Take a lab topology down. --all removes every namespace with the lab prefix, "
                + "including leftovers of a crashed run.")
public final class LabDownCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TOPOLOGY", arity = "0..1", completionCandidates = TopologyNames.class,
            description = "The topology to take down (only if it is the one running).")
    String topology;

    @Option(names = "--all", description = "Remove every lab namespace with the prefix, whatever runs.")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Lab lab = Lab.fromEnvironment();
        if (all == (topology != null)) {
            throw new ParameterException(spec.commandLine(), "give either a TOPOLOGY or --all");
        }
        if (all) {
            List<String> removed = lab.downAll();
            out.println(removed.isEmpty() ? "nothing to remove: no namespace starts with '" + lab.prefix() + "'"
                    : "removed " + String.join(" ", removed));
            return ExitCode.OK;
        }
        Topology t = Topology.byId(topology);
        out.println(lab.down(t) ? "down " + t.id() : t.id() + " is not running (nothing to do)");
        return ExitCode.OK;
    }
}
