package io.gossippreflight.cli;

import io.gossippreflight.probe.check.CassandraYaml;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.probe.responder.ResponderConfig;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a check sends and how (the options {@code probe check} takes), for the commands that run
 * checks over and over: {@code probe watch}. Targets stay with each command.
 */
final class CheckSettings {
    @Option(names = "--listen", paramLabel = "ADDRESS[:PORT]",
            description = "Where targets connect back to us (default: the address the route to each target uses, port 7000).")
    String listen;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "cluster_name our SYNs carry (default 'Test Cluster').")
    String clusterName;

    @Option(names = "--partitioner", paramLabel = "CLASS", description = "Partitioner our SYNs carry (default Murmur3Partitioner).")
    String partitioner;

    @Option(names = "--endpoints", paramLabel = "N",
            description = "The cluster has at least N endpoints: the messages it needs are sized for at least that many.")
    Integer endpoints;

    @Option(names = "--tokens", paramLabel = "T", description = "At least T tokens per endpoint for that sizing.")
    Integer tokens;

    @Option(names = "--cassandra-yaml", paramLabel = "FILE",
            description = "Take seeds, cluster_name, partitioner, storage_port, listen_address and num_tokens from this file.")
    Path cassandraYaml;

    @Option(names = "--target", defaultValue = "auto", paramLabel = "auto|cassandra|responder",
            description = "What answers: decided from its answers (auto), or say so (default ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--udp", description = "Also measure each direction with DF UDP probes (needs 'probe serve' at the target).")
    boolean udp;

    @Option(names = "--parallel", defaultValue = "24", paramLabel = "K",
            description = "Probes in flight at once per direction during bisection (default ${DEFAULT-VALUE}).")
    int parallel;

    @Option(names = "--strict", description = "A limit only PMTUD copes with, or an MSS clamp, fails too.")
    boolean strict;

    private CassandraYaml yaml;

    /** Reads --cassandra-yaml once (its warnings to {@code err}). */
    CassandraYaml yaml(PrintWriter err) {
        if (cassandraYaml != null && yaml == null) {
            InputFiles.requireReadable(cassandraYaml, "--cassandra-yaml");
            yaml = CassandraYaml.read(cassandraYaml);
            yaml.notices().forEach(n -> err.println("preflight: warning: " + n));
        }
        return yaml;
    }

    int port(PrintWriter err) {
        CassandraYaml y = yaml(err);
        return y != null && y.storagePort() != null ? y.storagePort() : TargetSpec.DEFAULT_PORT;
    }

    /** The targets given, else the seeds of --cassandra-yaml. */
    List<TargetSpec> targets(List<String> given, PrintWriter err) {
        CassandraYaml y = yaml(err);
        List<String> names = !given.isEmpty() ? given : y != null ? y.seeds() : List.of();
        if (names.isEmpty()) {
            throw PreflightException.usage("give a target (TARGET[:PORT]) or --cassandra-yaml with seeds");
        }
        List<TargetSpec> specs = new ArrayList<>();
        for (String t : names) {
            specs.add(TargetSpec.parse(t, port(err)));
        }
        return specs;
    }

    CheckOptions options(PrintWriter err) {
        CassandraYaml y = yaml(err);
        int port = port(err);
        TargetKind kind = switch (target.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> TargetKind.AUTO;
            case "cassandra" -> TargetKind.CASSANDRA;
            case "responder" -> TargetKind.RESPONDER;
            default -> throw PreflightException.usage("--target is auto, cassandra or responder, got '" + target + "'");
        };
        String cluster = clusterName != null ? clusterName
                : y != null && y.clusterName() != null ? y.clusterName() : ResponderConfig.DEFAULT_CLUSTER;
        String part = partitioner != null ? partitioner
                : y != null && y.partitioner() != null ? y.partitioner() : ResponderConfig.DEFAULT_PARTITIONER;
        Integer t = tokens != null ? tokens : y != null ? y.numTokens() : null;
        Integer n = endpoints != null ? endpoints : y != null && !y.seeds().isEmpty() ? y.seeds().size() : null;
        String source = endpoints != null || tokens != null ? "--endpoints/--tokens"
                : "the seeds and num_tokens of " + cassandraYaml;
        InetSocketAddress l = null;
        if (listen != null) {
            l = Addresses.listen(listen, "--listen", port);
        } else if (y != null && y.listenAddress() != null) {
            l = Addresses.listen(y.listenAddress(), "listen_address in " + cassandraYaml, port);
        }
        return CheckOptions.defaults().withCluster(cluster, part).withSize(n, t, source).withListen(l)
                .withTargetKind(kind).withUdp(udp).withParallel(parallel);
    }
}
