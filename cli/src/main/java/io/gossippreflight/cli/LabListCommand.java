package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Topology;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code preflight lab list}. */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List the lab topologies and what each reproduces.")
public final class LabListCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Topology t : Topology.values()) {
            out.printf("%-17s %s%n", t.id(), t.description());
        }
        return ExitCode.OK;
    }
}
