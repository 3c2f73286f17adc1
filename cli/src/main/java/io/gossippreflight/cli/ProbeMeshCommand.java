package io.gossippreflight.cli;

import io.gossippreflight.cli.render.AtomicFiles;
import io.gossippreflight.cli.render.CiSummary;
import io.gossippreflight.cli.render.JunitXmlWriter;
import io.gossippreflight.cli.render.MeshReport;
import io.gossippreflight.probe.agent.Agent;
import io.gossippreflight.probe.agent.AgentClient;
import io.gossippreflight.probe.agent.Mesh;
import io.gossippreflight.probe.agent.MeshHosts;
import io.gossippreflight.probe.agent.MeshMatrix;
import io.gossippreflight.probe.agent.SharedSecret;
import io.gossippreflight.probe.check.CassandraYaml;
import io.gossippreflight.probe.check.TargetSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preflight probe mesh}: every host checks every other, both directions; the N×N matrix. */
@Command(name = "mesh", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Asks the agent of every host ('preflight probe serve --agent' there) to check every other host of the "
                    + "mesh, each check both directions, a few agents at a time, and prints the N x N matrix: status and "
                    + "path MTU per ordered pair, the failing pairs first. Each pair is judged from both ends (the "
                    + "sender's check and the receiver's); the worse judgement is shown.",
            "Requests are signed with the shared secret of --token-file; agents check only the hosts of their own "
                    + "--hosts list."},
        footer = {"", "Examples:",
            "  preflight probe mesh --hosts mesh.txt --token-file /etc/preflight/mesh.secret",
            "  preflight probe mesh --cassandra-yaml /etc/cassandra/cassandra.yaml --token-file mesh.secret --html mesh.html",
            "", "Exit: 0 every pair passes (a limit PMTUD copes with passes, --strict fails it); 1 a pair fails or could not",
            "be checked; 2 bad usage or input."})
public final class ProbeMeshCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    static final class Hosts {
        @Option(names = "--hosts", paramLabel = "FILE", required = true,
                description = "The mesh's hosts, one ADDRESS[:PORT] a line (their gossip port, 7000 when left out).")
        Path hosts;

        @Option(names = "--cassandra-yaml", paramLabel = "FILE", required = true,
                description = "Take the hosts from the seeds of this cassandra.yaml (and its storage_port).")
        Path cassandraYaml;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Hosts from;

    @Option(names = "--token-file", paramLabel = "FILE", required = true,
            description = "The mesh's shared secret, the same file every agent was started with.")
    Path tokenFile;

    @Option(names = "--agent-port", defaultValue = "" + Agent.DEFAULT_PORT, paramLabel = "PORT",
            description = "The port every host's agent listens on (default ${DEFAULT-VALUE}).")
    int agentPort;

    @Option(names = "--parallel-agents", defaultValue = "4", paramLabel = "N",
            description = "Agents asked at once (default ${DEFAULT-VALUE}); each checks all its targets at once.")
    int parallel;

    @Option(names = "--timeout", defaultValue = "5m", paramLabel = "DURATION",
            description = "How long one agent's checks may take (default ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--strict", description = "A limit only PMTUD copes with, or an MSS clamp, fails the pair too.")
    boolean strict;

    @Option(names = "--json", description = "One JSON document on stdout (schema gossip-preflight/mesh/v1, docs/probe.md).")
    boolean json;

    @Option(names = "--html", paramLabel = "FILE", description = "Also write one self-contained HTML page: the matrix as a "
            + "heat map, then each failing pair with its fixes.")
    Path html;

    @Option(names = "--junit", paramLabel = "FILE", description = "Also write a JUnit XML report: a test case per ordered pair.")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Also write the matrix as Markdown (appended to "
            + "$GITHUB_STEP_SUMMARY when that is set).")
    Path markdown;

    @Mixin
    ProgressOptions progress;

    @Override
    public Integer call() throws IOException {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        PrintWriter err = spec.commandLine().getErr();
        if (parallel < 1 || parallel > 64) {
            throw PreflightException.usage("--parallel-agents " + parallel + " is out of range: use 1..64");
        }
        if (agentPort < 1 || agentPort > 65535) {
            throw PreflightException.usage("--agent-port " + agentPort + " is out of range: use 1..65535");
        }
        Duration limit = Durations.parse(timeout, "--timeout", Duration.ofSeconds(10), Duration.ofHours(2));
        InputFiles.requireReadable(tokenFile, "--token-file");
        if (junit != null) {
            InputFiles.requireWritable(junit, "--junit", true);
        }
        List<TargetSpec> hosts = hosts(err);
        byte[] secret = SharedSecret.read(tokenFile);
        AgentClient client = new AgentClient(secret, limit, System::currentTimeMillis);
        MeshMatrix m = Mesh.run(hosts, agentPort, parallel, client, line -> {
            if (progress.progressLines()) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        });
        double seconds = (System.nanoTime() - t0) / 1e9;
        int code = m.passed(strict) ? ExitCode.OK : ExitCode.PROBLEM;
        PrintWriter out = spec.commandLine().getOut();
        String version = new VersionProvider().getVersion()[0];
        if (json) {
            out.print(MeshReport.json(m, version.replaceFirst("^preflight ", ""), code, started, strict));
        } else {
            out.print(MeshReport.text(m, strict, started));
        }
        out.flush();
        if (junit != null) {
            JunitXmlWriter.write(junit, "preflight probe mesh", List.of(MeshReport.junitSuite(m, seconds, started)));
        }
        if (markdown != null || System.getenv("GITHUB_STEP_SUMMARY") != null) {
            CiSummary.write(markdown, MeshReport.markdown(m, strict, code), System.getenv("GITHUB_STEP_SUMMARY"));
        }
        if (html != null) {
            AtomicFiles.write(html, MeshReport.html(m, strict, version, started));
        }
        return code;
    }

    private List<TargetSpec> hosts(PrintWriter err) {
        if (from.hosts != null) {
            InputFiles.requireReadable(from.hosts, "--hosts");
            return MeshHosts.read(from.hosts, TargetSpec.DEFAULT_PORT);
        }
        InputFiles.requireReadable(from.cassandraYaml, "--cassandra-yaml");
        CassandraYaml y = CassandraYaml.read(from.cassandraYaml);
        y.notices().forEach(n -> err.println("preflight: warning: " + n));
        int port = y.storagePort() != null ? y.storagePort() : TargetSpec.DEFAULT_PORT;
        List<TargetSpec> out = new ArrayList<>();
        for (String s : y.seeds()) {
            TargetSpec t = TargetSpec.parse(s, port);
            if (!out.contains(t)) {
                out.add(t);
            }
        }
        if (out.size() < 2) {
            throw PreflightException.usage("--cassandra-yaml " + from.cassandraYaml + " lists " + out.size()
                    + " seed" + (out.size() == 1 ? "" : "s") + "; a mesh needs at least two hosts (or give --hosts FILE)");
        }
        return out;
    }
}
