package io.gossippreflight.node.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes node.yaml files for nodes on 127.0.0.1 with free ports (tests of real processes in one JVM). */
public final class LoopbackNodes {
    private LoopbackNodes() {
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A node.yaml in {@code dir} for 127.0.0.1:{@code port} with the given seed port. */
    public static Path config(Path dir, String cluster, int port, int seedPort, int adminPort) {
        try {
            Files.createDirectories(dir);
            Path p = dir.resolve("node.yaml");
            Files.writeString(p, String.join("\n",
                    "cluster_name: '" + cluster + "'",
                    "num_tokens: 8",
                    "seed_provider:",
                    "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                    "    parameters:",
                    "      - seeds: \"127.0.0.1:" + seedPort + "\"",
                    "listen_address: 127.0.0.1",
                    "storage_port: " + port,
                    "admin_port: " + adminPort,
                    "ring_delay_ms: 2000",
                    "shutdown_announce_in_ms: 500",
                    "data_directory: data",
                    ""));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
