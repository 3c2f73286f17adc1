package io.gossippreflight.cli;

import io.gossippreflight.node.admin.AdminClient;
import io.gossippreflight.node.config.NodeConfig;
import io.gossippreflight.node.config.NodeConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * Where the node's admin API is: --host/--port, or the admin_* keys of its node.yaml. nodetool's
 * {@code -h} is not taken: {@code -h} is help in every preflight command (Failures says so when a
 * nodetool habit types {@code -h HOST}); {@code -p} is the port, as in nodetool.
 */
final class NodeAdminOptions {
    @Option(names = "--host", paramLabel = "HOST", description = "Admin API address of the node (default: 127.0.0.1). "
            + "nodetool's -h: here -h is help, as in every command.")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Admin API port of the node (default: "
            + NodeConfig.DEFAULT_ADMIN_PORT + ").")
    Integer port;

    @Option(names = "--config", paramLabel = "FILE", description = "Read admin_address / admin_port from this node.yaml.")
    Path config;

    AdminClient client(Duration operationTimeout) {
        String h = host;
        Integer p = port;
        if (config != null) {
            InputFiles.requireReadable(config, "--config");
            NodeConfig c = NodeConfigLoader.load(config);
            h = h != null ? h : c.adminAddress();
            p = p != null ? p : c.adminPort();
        }
        if (p != null && (p < 1 || p > 65535)) {
            throw PreflightException.usage("--port must be in 1..65535, got " + p);
        }
        return new AdminClient(h != null ? h : "127.0.0.1", p != null ? p : NodeConfig.DEFAULT_ADMIN_PORT, operationTimeout);
    }
}
