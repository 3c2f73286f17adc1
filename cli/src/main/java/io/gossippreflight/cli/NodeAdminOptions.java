package io.gossippreflight.cli;

import io.gossippreflight.node.admin.AdminClient;
import io.gossippreflight.node.config.AdminAccess;
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

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read admin_address / admin_port and the admin token (admin_token_file) from this node.yaml.")
    Path config;

    @Option(names = "--token-file", paramLabel = "FILE", description = "The node's admin token (needed when its admin API "
            + "listens beyond loopback; the node writes it to admin_token_file, default <data_directory>/admin.token).")
    Path tokenFile;

    AdminClient client(Duration operationTimeout) {
        String h = host;
        Integer p = port;
        Path tf = tokenFile;
        if (config != null) {
            InputFiles.requireReadable(config, "--config");
            NodeConfig c = NodeConfigLoader.load(config);
            h = h != null ? h : c.adminAddress();
            p = p != null ? p : c.adminPort();
            tf = tf != null ? tf : c.adminTokenFile();
        }
        if (p != null && (p < 1 || p > 65535)) {
            throw PreflightException.usage("--port must be in 1..65535, got " + p);
        }
        String token = tf == null ? null : AdminAccess.read(tf);
        if (h != null && h.equals("0.0.0.0")) {
            h = "127.0.0.1"; // a node listening on every address answers on loopback
        } else if (h != null && h.equals("::")) {
            h = "::1";
        }
        return new AdminClient(h != null ? h : "127.0.0.1", p != null ? p : NodeConfig.DEFAULT_ADMIN_PORT, operationTimeout,
                token);
    }
}
