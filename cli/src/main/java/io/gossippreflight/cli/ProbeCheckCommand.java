package io.gossippreflight.cli;

import io.gossippreflight.cli.render.AtomicFiles;
import io.gossippreflight.cli.render.CiSummary;
import io.gossippreflight.cli.render.JunitXmlWriter;
import io.gossippreflight.cli.render.ProbeHtmlRenderer;
import io.gossippreflight.cli.render.ProbeJsonRenderer;
import io.gossippreflight.cli.render.ProbeTextRenderer;
import io.gossippreflight.probe.check.CassandraYaml;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.probe.responder.ResponderConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code preflight probe check TARGET[:PORT]...}: the pre-flight of a path, both directions. */
@Command(name = "check", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Checks the path to each target (a seed, or 'probe serve') with real gossip exchanges, DF set, each "
                    + "direction on its own: that the target connects back to us, the shadow-round SYN and the ACK it "
                    + "answers with, a ladder of growing messages up past 128 KiB, then bisection to the exact byte. "
                    + "Says per direction: healthy, ICMP-signalled limit (PMTUD works), silent black hole with the exact "
                    + "MTU, random loss, MSS clamping, refused, unreachable, ignored (cluster name / partitioner) or TLS "
                    + "expected, and the fixes to paste.",
            "A real node (detected from its answers, or --target cassandra) only gets messages that leave its "
                    + "gossip state unchanged: ECHO, the shadow-round SYN, SYNs naming documentation addresses.",
            "A 3.0/3.11 target answers our 4.0+ handshake with its version: the check then speaks the pre-4.0 "
                    + "protocol (messaging 10/11) and says so. A real 3.x node answers at its own storage port: "
                    + "listen there (--listen ADDRESS:PORT; 7000 by default).",
            "With TLS and LZ4 (the yaml's server_encryption_options and internode_compression, or the options "
                    + "below) the ladder measures what really travels, to the byte: our TLS handshake leaves with DF "
                    + "clear (gateways fragment it), a seed whose certificates a black hole swallows is probed over "
                    + "resumed TLS sessions, and a compressing seed is asked for answers that still fill a segment.",
            "Progress on stderr, one line per probe; the verdict on stdout."},
        footer = {"", "Examples:",
            "  preflight probe check 198.18.1.2",
            "  preflight probe check --cassandra-yaml /etc/cassandra/cassandra.yaml --json",
            "  preflight probe check 198.18.1.2:7000 --udp --junit probe.xml",
            "  preflight probe check 198.18.1.2 --html probe.html --markdown summary.md",
            "", "Exit: 0 both directions pass (a limit PMTUD copes with passes, with a warning; --strict fails it);",
            "1 a problem in either direction: a silent black hole (whatever the gossip sizes: schema pulls, mutations",
            "and streams cross the same path), one-way, random loss, refused, not a gossip port, mismatch, untested;",
            "2 bad usage or input; 3 environment (no epoll, no capture permission)."})
public final class ProbeCheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "TARGET[:PORT]",
            description = "Targets (IPv6 as [ADDR]:PORT); port 7000 or storage_port. Default: the seeds of --cassandra-yaml.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--listen", paramLabel = "ADDRESS[:PORT]",
            description = "Where targets connect back to us (default: the address the route to each target uses, port 7000).")
    String listen;

    @Option(names = "--cluster-name", paramLabel = "NAME", description = "cluster_name our SYNs carry (default 'Test Cluster').")
    String clusterName;

    @Option(names = "--partitioner", paramLabel = "CLASS", description = "Partitioner our SYNs carry (default Murmur3Partitioner).")
    String partitioner;

    @Option(names = "--endpoints", paramLabel = "N",
            description = "The cluster has at least N endpoints: the messages it needs are sized for at least that many, "
                    + "never fewer than the target's own shadow-round ACK shows (default: the seeds of --cassandra-yaml).")
    Integer endpoints;

    @Option(names = "--tokens", paramLabel = "T",
            description = "At least T tokens per endpoint for that sizing (default: num_tokens of --cassandra-yaml).")
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

    @Option(names = "--capture", description = "Capture on our interface during the check (root): ICMP seen joins the evidence.")
    boolean capture;

    @Option(names = "--write-pcap", paramLabel = "FILE", description = "Keep that capture as a pcap file (implies --capture).")
    Path writePcap;

    @Option(names = "--json", description = "One JSON document on stdout (schema: docs/probe.md).")
    boolean json;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also write a JUnit XML report: a test suite per target, a test case per direction.")
    Path junit;

    @Option(names = "--html", paramLabel = "FILE",
            description = "Also write one self-contained HTML page: verdicts, fixes, and per direction the ladder and "
                    + "bisection as a chart (size tried: crossed, late or lost) with each probe's time (opens offline).")
    Path html;

    @Option(names = "--markdown", paramLabel = "FILE",
            description = "Also write a short Markdown summary (a table per target: status, MTU, what breaks, the fix) for "
                    + "a CI job summary or a pull-request comment; appended to $GITHUB_STEP_SUMMARY when that is set.")
    Path markdown;

    @Mixin
    ProgressOptions progress;

    @Mixin
    InternodeOptions internode;

    @Option(names = "--strict", description = "Fail (exit 1) on a limit that only PMTUD copes with, or an MSS clamp: for CI "
            + "on paths whose ICMP may be filtered tomorrow.")
    boolean strict;

    @Override
    public Integer call() throws IOException {
        long start = System.nanoTime();
        java.time.Instant startedAt = java.time.Instant.now();
        if (cassandraYaml != null) {
            InputFiles.requireReadable(cassandraYaml, "--cassandra-yaml");
        }
        if (junit != null) {
            InputFiles.requireWritable(junit, "--junit", true);
        }
        if (writePcap != null) {
            InputFiles.requireWritable(writePcap, "--write-pcap", false);
        }
        CassandraYaml yaml = cassandraYaml == null ? null : CassandraYaml.read(cassandraYaml);
        if (yaml != null) {
            yaml.notices().forEach(n -> spec.commandLine().getErr().println("preflight: warning: " + n));
        }
        int port = yaml != null && yaml.storagePort() != null ? yaml.storagePort() : TargetSpec.DEFAULT_PORT;
        List<String> given = !targets.isEmpty() ? targets : yaml != null ? yaml.seeds() : List.of();
        if (given.isEmpty()) {
            throw PreflightException.usage("give a target (TARGET[:PORT]) or --cassandra-yaml with seeds");
        }
        List<TargetSpec> specs = new ArrayList<>();
        for (String t : given) {
            specs.add(TargetSpec.parse(t, port));
        }
        CheckOptions o = options(yaml, port);
        PrintWriter err = spec.commandLine().getErr();
        io.gossippreflight.probe.net.LinkSecurity security;
        try {
            security = internode.security(yaml != null ? yaml.config() : null, true);
        } catch (io.gossippreflight.config.ConfigException e) {
            throw PreflightException.usage(e.getMessage());
        }
        if (yaml != null && targets.isEmpty() && security.encrypts()) {
            specs = toSslStoragePorts(specs, yaml.config().sslStoragePort(), err);
        }
        java.util.function.Consumer<String> say = line -> {
            if (progress.progressLines()) {
                synchronized (err) {
                    err.println(line);
                    err.flush();
                }
            }
        };
        List<TargetReport> reports = Checker.check(specs, o, security, say);
        if (yaml != null && targets.isEmpty() && security.encrypts()) {
            reports = plainPortsAtSslStoragePort(specs, reports, yaml.config().sslStoragePort(), o, security, say, err);
        }
        int code = reports.stream().allMatch(r -> r.passed(strict)) ? ExitCode.OK : ExitCode.PROBLEM;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.print(new ProbeJsonRenderer().render(reports, new VersionProvider().getVersion()[0]
                    .replaceFirst("^preflight ", ""), code, startedAt, strict));
            out.flush();
        } else {
            ProbeTextRenderer.render(reports, out, startedAt, strict);
        }
        if (junit != null) {
            JunitXmlWriter.write(junit, "preflight probe check", CiSummary.probeSuites(reports, startedAt));
        }
        if (markdown != null || System.getenv("GITHUB_STEP_SUMMARY") != null) {
            CiSummary.write(markdown, CiSummary.probe(reports, code), System.getenv("GITHUB_STEP_SUMMARY"));
        }
        if (html != null) {
            AtomicFiles.write(html, new ProbeHtmlRenderer().render(reports, new VersionProvider().getVersion()[0], code,
                    startedAt));
        }
        return code;
    }

    /**
     * Seeds from the yaml, checked with TLS: a seed whose storage_port refuses the connection while its
     * ssl_storage_port accepts one is checked there. A 3.x node with internode_encryption all listens
     * on its ssl_storage_port only (Cassandra 3.11.19 net/MessagingService.getServerSockets), and a
     * 4.0 node reaches a 3.x peer there too; a 4.0+ seed that listens on its storage_port is left alone.
     */
    private static List<TargetSpec> toSslStoragePorts(List<TargetSpec> specs, int sslPort, PrintWriter err) {
        List<TargetSpec> out = new ArrayList<>();
        for (TargetSpec t : specs) {
            if (t.port() != sslPort && refuses(t.host(), t.port()) && !refuses(t.host(), sslPort)) {
                err.println("preflight: " + t.host() + ":" + t.port() + " refused the connection and its ssl_storage_port "
                        + sslPort + " accepts one: checking it there (a 3.x node with internode encryption listens "
                        + "there only)");
                err.flush();
                out.add(new TargetSpec(t.host(), sslPort));
            } else {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * Seeds from the yaml, checked with TLS, whose storage_port closed our ClientHello (it takes plain
     * connections only) while their ssl_storage_port accepts one: checked again there. A 3.x node with
     * internode_encryption dc or rack listens plain on its storage_port and TLS on its ssl_storage_port
     * (Cassandra 3.11.19 net/MessagingService.getServerSockets), and a peer of another datacenter
     * reaches it at the second.
     */
    private static List<TargetReport> plainPortsAtSslStoragePort(List<TargetSpec> specs, List<TargetReport> reports,
            int sslPort, CheckOptions o, io.gossippreflight.probe.net.LinkSecurity security,
            java.util.function.Consumer<String> say, PrintWriter err) {
        List<TargetReport> out = new ArrayList<>(reports);
        List<Integer> moved = new ArrayList<>();
        List<TargetSpec> again = new ArrayList<>();
        for (int i = 0; i < specs.size() && i < reports.size(); i++) {
            TargetSpec t = specs.get(i);
            var v = reports.get(i).outbound();
            if (t.port() != sslPort && v != null && v.status() == io.gossippreflight.verdict.PathStatus.TLS_FAILED
                    && v.summary() != null && v.summary().contains("does not speak TLS") && !refuses(t.host(), sslPort)) {
                err.println("preflight: " + t.host() + ":" + t.port() + " takes no TLS and its ssl_storage_port " + sslPort
                        + " accepts a connection: checking it there (a 3.x node with internode encryption dc or rack "
                        + "listens for TLS there only)");
                err.flush();
                moved.add(i);
                again.add(new TargetSpec(t.host(), sslPort));
            }
        }
        if (again.isEmpty()) {
            return reports;
        }
        List<TargetReport> there = Checker.check(again, o, security, say);
        for (int k = 0; k < moved.size() && k < there.size(); k++) {
            out.set(moved.get(k), there.get(k));
        }
        return out;
    }

    /** True when a TCP connection to host:port is refused (answered with a reset); false when it opens or times out. */
    private static boolean refuses(String host, int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress(java.net.InetAddress.getByName(host), port), 3_000);
            return false;
        } catch (java.net.ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private CheckOptions options(CassandraYaml yaml, int port) {
        TargetKind kind = switch (target.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> TargetKind.AUTO;
            case "cassandra" -> TargetKind.CASSANDRA;
            case "responder" -> TargetKind.RESPONDER;
            default -> throw PreflightException.usage("--target is auto, cassandra or responder, got '" + target + "'");
        };
        String cluster = clusterName != null ? clusterName
                : yaml != null && yaml.clusterName() != null ? yaml.clusterName() : ResponderConfig.DEFAULT_CLUSTER;
        String part = partitioner != null ? partitioner
                : yaml != null && yaml.partitioner() != null ? yaml.partitioner() : ResponderConfig.DEFAULT_PARTITIONER;
        // what the configuration says of the cluster's size is a floor under what the target's own
        // shadow ACK shows, never a replacement: the seeds are endpoints the joining node will learn
        Integer t = tokens != null ? tokens : yaml != null ? yaml.numTokens() : null;
        Integer n = endpoints != null ? endpoints : yaml != null && !yaml.seeds().isEmpty() ? yaml.seeds().size() : null;
        String source = endpoints != null || tokens != null ? "--endpoints/--tokens"
                : "the seeds and num_tokens of " + cassandraYaml;
        InetSocketAddress l = null;
        if (listen != null) {
            l = Addresses.listen(listen, "--listen", port);
        } else if (yaml != null && yaml.listenAddress() != null) {
            l = Addresses.listen(yaml.listenAddress(), "listen_address in " + cassandraYaml, port);
        }
        return CheckOptions.defaults().withCluster(cluster, part).withSize(n, t, source).withListen(l)
                .withTargetKind(kind).withUdp(udp).withParallel(parallel).withCapture(capture, writePcap);
    }
}
