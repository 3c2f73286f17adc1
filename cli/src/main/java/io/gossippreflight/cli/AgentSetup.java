package io.gossippreflight.cli;

import io.gossippreflight.probe.agent.Agent;
import io.gossippreflight.probe.agent.AllowList;
import io.gossippreflight.probe.agent.MeshHosts;
import io.gossippreflight.probe.agent.RequestGuard;
import io.gossippreflight.probe.agent.SharedSecret;
import io.gossippreflight.probe.check.CheckOptions;
import io.gossippreflight.probe.check.Checker;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.time.SystemClock;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** {@code probe serve --agent}: reads the mesh's hosts and secret, starts the agent beside the responder. */
final class AgentSetup {
    private AgentSetup() {
    }

    static Agent start(ResponderConfig config, Path hostsFile, Path tokenFile, String agentListen, int checkPort,
            Consumer<String> log) {
        if (hostsFile == null || tokenFile == null) {
            throw PreflightException.usage("--agent needs --hosts FILE (the mesh's hosts, its allow-list) and "
                    + "--token-file FILE (the mesh's shared secret)");
        }
        if (checkPort < 1 || checkPort > 65535 || checkPort == config.listen().getPort()) {
            throw PreflightException.usage("--check-port " + checkPort + " must be a port in 1..65535 other than the "
                    + "responder's " + config.listen().getPort());
        }
        InputFiles.requireReadable(hostsFile, "--hosts");
        InputFiles.requireReadable(tokenFile, "--token-file");
        List<TargetSpec> hosts = MeshHosts.read(hostsFile, config.listen().getPort());
        byte[] secret = SharedSecret.read(tokenFile);
        String perms = SharedSecret.permissionWarning(tokenFile);
        if (perms != null) {
            log.accept("preflight: warning: " + perms);
        }
        InetSocketAddress at = agentListen != null ? Addresses.listen(agentListen, "--agent-listen", Agent.DEFAULT_PORT)
                : new InetSocketAddress(config.listen().getAddress(), Agent.DEFAULT_PORT);
        String self = label(config.listen(), hosts);
        CheckOptions options = CheckOptions.defaults().withCluster(config.clusterName(), config.partitioner())
                .withListen(new InetSocketAddress(config.listen().getAddress(), checkPort));
        return new Agent(at, self, new RequestGuard(secret, RequestGuard.Limits.DEFAULTS), new AllowList(hosts),
                targets -> Checker.check(targets, options, line -> { }), log, SystemClock.INSTANCE).start();
    }

    /** This host as the mesh lists it: the hosts entry with our listening address, else the address itself. */
    private static String label(InetSocketAddress listen, List<TargetSpec> hosts) {
        for (TargetSpec h : hosts) {
            if (!listen.getAddress().isAnyLocalAddress() && h.resolve().equals(listen)) {
                return h.toString();
            }
        }
        return Addresses.format(listen);
    }
}
