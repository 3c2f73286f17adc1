package io.gossippreflight.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gossippreflight.node.admin.ClusterView;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Shared body of the read-only node views: fetch the cluster view, print it as text or JSON. */
abstract class NodeViewCommand implements Callable<Integer> {
    /** One of nodetool's layouts. */
    interface Layout {
        void print(ClusterView view, PrintWriter out, NodetoolFormat.Names names);
    }

    @Spec
    CommandSpec spec;

    @Mixin
    NodeAdminOptions admin;

    @Option(names = {"-pp", "--print-port"},
            description = "Print addresses with their port, as nodetool -pp (without it, ports show only where two "
                    + "endpoints share an address).")
    boolean printPort;

    @Option(names = "--json", description = "Print the node's view as one JSON document instead of nodetool's layout.")
    boolean json;

    abstract Layout layout();

    /** nodetool's -r, where the command has it. */
    boolean resolveIp() {
        return false;
    }

    @Override
    public Integer call() throws JsonProcessingException {
        ClusterView v = admin.client(Duration.ofSeconds(30)).cluster();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(v));
        } else {
            layout().print(v, out, NodetoolFormat.Names.of(v, printPort,
                    resolveIp() ? NodetoolFormat.Names::reverseLookup : null));
        }
        out.flush();
        return ExitCode.OK;
    }
}
