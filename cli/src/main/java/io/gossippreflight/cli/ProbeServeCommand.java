package io.gossippreflight.cli;

import io.gossippreflight.probe.plan.ClusterMessages;
import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code preflight probe serve}: the responder a check runs against. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "A gossip endpoint for 'probe check' to measure against: speaks Cassandra's internode protocol (4.0+ "
                    + "handshake, CRC frames), answers SYNs as a seed does over its own connection back to the sender, "
                    + "answers ECHO, and holds a synthetic cluster of N endpoints x T tokens so its shadow-round ACK has "
                    + "that cluster's real size. Also answers DF UDP probes (--udp of 'probe check') on the same port.",
            "Runs until Ctrl-C (or --duration); logs each exchange on stderr.",
            "With --agent it is also this host's agent for 'probe mesh': an HTTP API (--agent-listen) that checks "
                    + "other hosts of the mesh when asked by a request signed with the shared secret of --token-file, "
                    + "only hosts listed in --hosts, a few checks a minute, one at a time; every refusal logged."},
        footer = {"", "Examples:", "  preflight probe serve --listen 198.18.1.2:7000 --endpoints 3 --tokens 256",
            "  preflight probe serve --listen 198.18.1.2:7000 --agent --hosts mesh.txt --token-file /etc/preflight/mesh.secret"})
public final class ProbeServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--listen", paramLabel = "ADDRESS[:PORT]", defaultValue = "0.0.0.0:7000",
            description = "Where to listen (TCP and UDP); port 7000 when left out (default 0.0.0.0:7000; [::]:7000 for IPv6).")
    String listen;

    @Option(names = "--cluster-name", defaultValue = ResponderConfig.DEFAULT_CLUSTER, paramLabel = "NAME",
            description = "cluster_name: SYNs of another cluster are ignored, as Cassandra does (default '${DEFAULT-VALUE}').")
    String clusterName;

    @Option(names = "--partitioner", defaultValue = ResponderConfig.DEFAULT_PARTITIONER, paramLabel = "CLASS",
            description = "Partitioner class: SYNs naming another are ignored (default ${DEFAULT-VALUE}).")
    String partitioner;

    @Option(names = "--endpoints", defaultValue = "1", paramLabel = "N", description = "Endpoints in the synthetic cluster, this one included (default 1).")
    int endpoints;

    @Option(names = "--tokens", defaultValue = "16", paramLabel = "T", description = "Tokens per endpoint (num_tokens; default 16).")
    int tokens;

    @Option(names = "--messaging-version", defaultValue = "12", paramLabel = "10|11|12|13",
            description = "Highest messaging version to accept: 12 as Cassandra 4.0-5.0 by default, 13 as 5.0 in its native "
                    + "mode; 11 (or 10) plays a 3.11 (3.0) seed: the pre-4.0 handshake and unframed 3.x messages, a 4.0+ "
                    + "initiator answered with 11 and closed, as 3.x does, so it retries; with TLS options its port takes "
                    + "TLS only, as a 3.x ssl_storage_port, and --internode-compression compresses its answers in LZ4 blocks.")
    int messagingVersion;

    @Option(names = "--no-udp", description = "Do not answer DF UDP probes.")
    boolean noUdp;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop after this many seconds (default: until Ctrl-C).")
    Integer duration;

    @Option(names = "--agent", description = "Also be this host's agent for 'probe mesh' (needs --hosts and --token-file).")
    boolean agent;

    @Option(names = "--hosts", paramLabel = "FILE",
            description = "The mesh's hosts, one ADDRESS[:PORT] a line: the only hosts the agent checks (its allow-list).")
    java.nio.file.Path hosts;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "The mesh's shared secret (one line, at least 16 bytes); requests not signed with it are refused.")
    java.nio.file.Path tokenFile;

    @Option(names = "--agent-listen", paramLabel = "ADDRESS[:PORT]",
            description = "Where the agent's API listens (default: the address of --listen, port "
                    + io.gossippreflight.probe.agent.Agent.DEFAULT_PORT + ").")
    String agentListen;

    @Option(names = "--check-port", defaultValue = "7010", paramLabel = "PORT",
            description = "Where the agent's checks listen for the targets' connections back (default ${DEFAULT-VALUE}).")
    int checkPort;

    @Option(names = "--cassandra-yaml", paramLabel = "FILE", description = "Take TLS (server_encryption_options) and "
            + "internode_compression from a real config, to answer as that seed would; the flags below win.")
    java.nio.file.Path cassandraYaml;

    @picocli.CommandLine.Mixin
    InternodeOptions internode;

    /** The listening line's words for a 3.x seed's settings (it has no frames: LZ4 blocks or none). */
    static String pre40Security(io.gossippreflight.probe.net.LinkSecurity s) {
        return (s.framing() == io.gossippreflight.wire.handshake.Framing.LZ4 ? "answers in LZ4 blocks" : "answers uncompressed")
                + (s.encrypts() ? ", TLS only" + (s.tls().verifiesPeer() ? "" : " (peer certificate not checked)") : "");
    }

    @Override
    public Integer call() throws InterruptedException {
        if (messagingVersion < 10 || messagingVersion > 13) {
            throw PreflightException.usage("--messaging-version is 10, 11 (a 3.x seed), 12 or 13, got " + messagingVersion);
        }
        MessagingVersion max = MessagingVersion.of(messagingVersion);
        if (duration != null && duration < 1) {
            throw PreflightException.usage("--duration must be at least 1 second, got " + duration);
        }
        ResponderConfig config = new ResponderConfig(Addresses.listen(listen, "--listen"), clusterName, partitioner,
                endpoints, tokens, !noUdp, max.isModern() ? MessagingVersion.V12 : max, max);
        io.gossippreflight.config.CassandraConfig yaml = null;
        if (cassandraYaml != null) {
            InputFiles.requireReadable(cassandraYaml, "--cassandra-yaml");
            yaml = io.gossippreflight.probe.check.CassandraYaml.read(cassandraYaml).config();
        }
        io.gossippreflight.probe.net.LinkSecurity security;
        try {
            security = internode.security(yaml, false);
        } catch (io.gossippreflight.config.ConfigException e) {
            throw PreflightException.usage(e.getMessage());
        }
        if (!max.isModern()) {
            try {
                security = security.asPre40Seed();
            } catch (IllegalArgumentException e) {
                throw PreflightException.usage(e.getMessage() + ": give --keystore (and --keystore-password)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.util.function.Consumer<String> say = line -> {
            synchronized (err) {
                err.println(line);
                err.flush();
            }
        };
        io.gossippreflight.probe.agent.Agent agentApi = agent ? AgentSetup.start(config, hosts, tokenFile, agentListen,
                checkPort, say) : null;
        if (agentApi == null && (hosts != null || tokenFile != null || agentListen != null)) {
            throw PreflightException.usage("--hosts, --token-file and --agent-listen are for --agent");
        }
        EventLoopGroup group = ProbeNetty.eventLoops(2, "preflight-responder");
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown);
        try (Responder r = Responder.start(group, config, say::accept, m -> false, security)) {
            ClusterMessages sizes = ClusterMessages.of(endpoints, tokens, clusterName, partitioner,
                    max.isModern() ? MessagingVersion.V12 : max);
            out.printf("listening on %s (TCP%s)%s: cluster '%s', %d endpoint%s x %d tokens, shadow-round ACK %,d bytes%s%n",
                    Addresses.format(r.address()), noUdp ? "" : " and UDP", max.isModern() ? ""
                            : " as a 3.x seed, messaging version " + messagingVersion, clusterName, endpoints, endpoints == 1 ? "" : "s",
                    tokens, sizes.shadowAck(), security.equals(io.gossippreflight.probe.net.LinkSecurity.PLAIN) ? ""
                            : "; " + (max.isModern() ? security.toString() : pre40Security(security)));
            if (agentApi != null) {
                out.printf("agent on %s: checks hosts of the mesh when asked with the shared secret%n",
                        Addresses.format(agentApi.address()));
            }
            out.flush();
            Runtime.getRuntime().addShutdownHook(hook);
            if (duration != null) {
                stop.await(duration, TimeUnit.SECONDS);
            } else {
                stop.await();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the JVM is on its way out
            }
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (agentApi != null) {
                agentApi.close();
            }
        }
        return ExitCode.OK;
    }
}
