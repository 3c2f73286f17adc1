package io.gossippreflight.cli;

import io.gossippreflight.fixtures.lab.Lab;
import io.gossippreflight.fixtures.lab.LabOptions;
import io.gossippreflight.fixtures.lab.Topology;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight lab up TOPOLOGY}. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {
            "Bring a lab topology up (idempotent; any other topology under the same prefix goes down first).",
            "",
            "Hosts: a 198.18.1.2 (seed side), ga 198.18.1.1 / 198.18.0.1, gb 198.18.0.2 / 198.18.2.1, "
                    + "b 198.18.2.2 (joining side); direct has only a and b. v6 variants add 2001:db8:1::2 (a) "
                    + "and 2001:db8:2::2 (b). Namespaces are named PREFIX+host (PREFIX from $PREFLIGHT_LAB_PREFIX, "
                    + "default gp-): run anything inside with 'preflight lab exec HOST -- CMD'.",
        },
        footer = {"", "Example:", "  preflight lab up vpn-blackhole && preflight lab exec a -- ping -M do -s 1395 198.18.2.2"})
public final class LabUpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "TOPOLOGY", completionCandidates = TopologyNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}. See 'preflight lab list'.")
    String topology;

    @Option(names = "--node-mtu", paramLabel = "MTU", defaultValue = "9001",
            description = "MTU of the node interfaces (default ${DEFAULT-VALUE}).")
    int nodeMtu;

    @Option(names = "--tunnel-mtu", paramLabel = "MTU", defaultValue = "1422",
            description = "MTU of the link between the gateways (default ${DEFAULT-VALUE}).")
    int tunnelMtu;

    @Option(names = "--offloads", paramLabel = "on|off", defaultValue = "off", arity = "1",
            converter = OnOff.class,
            description = "TSO/GSO/GRO on the veths (default ${DEFAULT-VALUE}: captures show real segment sizes).")
    boolean offloads;

    @Option(names = "--loss", paramLabel = "PERCENT", defaultValue = "10",
            description = "Random loss per direction on the tunnel, for vpn-lossy (default ${DEFAULT-VALUE}).")
    int loss;

    @Override
    public Integer call() {
        Topology t = Topology.byId(topology);
        LabOptions options = new LabOptions(nodeMtu, tunnelMtu, offloads, loss);
        Lab lab = Lab.fromEnvironment();
        boolean built = lab.up(t, options);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%s %s: %s%n", built ? "up" : "already up", t.id(), t.description());
        LabStatusCommand.printHosts(lab, t, out);
        return ExitCode.OK;
    }
}
