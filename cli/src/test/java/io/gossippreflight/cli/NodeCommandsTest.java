package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.NodeRunner;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The node commands end to end against a real single node on loopback, and their failure exit codes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NodeCommandsTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearHook() {
        NodeStartCommand.onStarted = null;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Path config(int port, int seedPort, int adminPort, String extra) throws IOException {
        Path p = dir.resolve("node-" + port + ".yaml");
        Files.writeString(p, String.join("\n",
                "cluster_name: 'cli test'",
                "num_tokens: 4",
                "seed_provider:",
                "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                "    parameters:",
                "      - seeds: \"127.0.0.1:" + seedPort + "\"",
                "listen_address: 127.0.0.1",
                "storage_port: " + port,
                "admin_port: " + adminPort,
                "data_directory: data-" + port,
                "ring_delay_ms: 1000",
                "shutdown_announce_in_ms: 200",
                extra,
                ""));
        return p;
    }

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void startRunsANodeTheViewsShowItAndRefusedOperationsExitTwo() throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Path cfg = config(port, port, adminPort, "");
        CompletableFuture<NodeRunner> started = new CompletableFuture<>();
        CompletableFuture<Run> views = new CompletableFuture<>();
        NodeStartCommand.onStarted = runner -> {
            started.complete(runner);
            try {
                String p = String.valueOf(adminPort);
                Run status = run("node", "status", "--port", p);
                Run gossip = run("node", "gossipinfo", "--config", cfg.toString());
                Run describe = run("node", "describecluster", "-p", p);
                Run json = run("node", "status", "-p", p, "--json");
                Run remove = run("node", "removenode", UUID.randomUUID().toString(), "-p", p);
                Run badId = run("node", "removenode", "not-a-uuid", "-p", p);
                Run decommission = run("node", "decommission", "-p", p);
                Run self = run("node", "assassinate", "127.0.0.1:" + port, "-p", p);
                views.complete(new Run(0, String.join("\n=====\n", status.out, gossip.out, describe.out, json.out),
                        String.join("\n=====\n", status.code + " " + gossip.code + " " + describe.code + " " + json.code,
                                remove.code + " " + remove.err, badId.code + " " + badId.err,
                                decommission.code + " " + decommission.err, self.code + " " + self.err)));
            } catch (RuntimeException e) {
                views.completeExceptionally(e);
            } finally {
                runner.close();
            }
        };
        Run start = run("node", "start", "--config", cfg.toString());
        assertEquals(ExitCode.OK, start.code, start.err);
        assertTrue(start.out.startsWith("node 127.0.0.1:" + port + " running: generation "), start.out);
        assertTrue(start.err.contains("Gossip started with generation"), "logs on stderr: " + start.err);
        assertTrue(Files.readString(dir.resolve("data-" + port).resolve("logs/node.log")).contains("Announcing shutdown"),
                "and in the log file");
        Run v = views.get(10, TimeUnit.SECONDS);
        String[] outs = v.out.split("\n=====\n");
        String[] codes = v.err.split("\n=====\n");
        assertEquals("0 0 0 0", codes[0]);
        assertTrue(outs[0].contains("UN  127.0.0.1  0 bytes  4       100.0%"), outs[0]);
        assertTrue(outs[1].startsWith("/127.0.0.1\n  generation:"), outs[1]);
        assertTrue(outs[1].contains("  STATUS_WITH_PORT:") && outs[1].contains(":NORMAL,"), outs[1]);
        assertTrue(outs[1].contains("  TOKENS:") && outs[1].contains(":<hidden>"), outs[1]);
        assertTrue(outs[2].contains("\tName: cli test") && outs[2].contains("\tLive: 1"), outs[2]);
        assertTrue(outs[3].contains("\"clusterName\" : \"cli test\""), outs[3]);
        assertTrue(codes[1].startsWith("2 preflight: Host ID not found"), codes[1]);
        assertTrue(codes[2].startsWith("2 preflight: 'not-a-uuid' is not a host ID"), codes[2]);
        assertTrue(codes[3].startsWith("2 ") && codes[3].contains("\npreflight: no other normal nodes in the ring"), codes[3]);
        assertTrue(codes[4].startsWith("2 preflight: Cannot assassinate this node itself"), codes[4]);
    }

    @Test
    void noSeedAnsweringIsAPathProblemNamingTheSeed() throws Exception {
        int port = freePort();
        int deadSeed = freePort();
        Run r = run("node", "start", "--config", config(port, deadSeed, freePort(), "").toString());
        assertEquals(ExitCode.PROBLEM, r.code, r.err);
        assertTrue(r.err.contains("preflight: Unable to gossip with any peers within 2000ms; seed 127.0.0.1:" + deadSeed
                + ": 1 shadow SYN(s) sent, no ACK came back"), r.err);
        assertTrue(!r.err.contains("\tat "), "no stack trace without --debug");
        // the pre-flight ran first and its verdict is in the failure: nothing listens there
        assertTrue(r.out.startsWith("Pre-flight of the seeds:"), r.out);
        assertTrue(r.err.contains("; pre-flight: 127.0.0.1:" + deadSeed + ": "), r.err);
        assertTrue(r.err.toLowerCase(java.util.Locale.ROOT).contains("refused"), r.err);
    }

    @Test
    void badConfigIsUsageAndMissingNodeIsEnvironment() throws Exception {
        Run missing = run("node", "start", "--config", dir.resolve("nope.yaml").toString());
        assertEquals(ExitCode.USAGE, missing.code);
        assertTrue(missing.err.contains("cannot read --config " + dir.resolve("nope.yaml") + ": No such file or directory"),
                missing.err);
        Run bad = run("node", "start", "--config", config(7000, 7000, 7199, "num_tokens: lots").toString());
        assertEquals(ExitCode.USAGE, bad.code);
        assertTrue(bad.err.contains("num_tokens"), bad.err);
        Run noNode = run("node", "status", "--port", String.valueOf(freePort()));
        assertEquals(ExitCode.ENVIRONMENT, noNode.code);
        assertTrue(noNode.err.contains("no node answers on 127.0.0.1:"), noNode.err);
        Run both = run("node", "start", "--config", config(7000, 7000, 7199, "").toString(), "--no-preflight", "--auto-clamp");
        assertEquals(ExitCode.USAGE, both.code);
        Run noArg = run("node", "removenode");
        assertEquals(ExitCode.USAGE, noArg.code);
    }

    /** Before: admin_address 0.0.0.0 was accepted with no warning and no authentication. */
    @Test
    void anAdminApiBeyondLoopbackWarnsAndNeedsTheTokenTheCommandsRead() throws Exception {
        int port = freePort();
        int adminPort = freePort();
        Path cfg = config(port, port, adminPort, "admin_address: 0.0.0.0");
        CompletableFuture<String> views = new CompletableFuture<>();
        NodeStartCommand.onStarted = runner -> {
            try {
                Run withConfig = run("node", "status", "--config", cfg.toString());
                Run bare = run("node", "status", "-p", String.valueOf(adminPort));
                Run withFile = run("node", "status", "-p", String.valueOf(adminPort), "--token-file",
                        dir.resolve("data-" + port).resolve("admin.token").toString());
                views.complete(withConfig.code + " " + bare.code + " " + withFile.code + "\n" + bare.err);
            } catch (RuntimeException e) {
                views.completeExceptionally(e);
            } finally {
                runner.close();
            }
        };
        Run start = run("node", "start", "--no-preflight", "--config", cfg.toString());
        assertEquals(ExitCode.OK, start.code, start.err);
        assertTrue(start.err.contains("WARN ") && start.err.contains("Admin API on 0.0.0.0:" + adminPort + " listens beyond "
                + "loopback: every request needs the token in " + dir.resolve("data-" + port).resolve("admin.token")), start.err);
        String v = views.get(10, TimeUnit.SECONDS);
        assertTrue(v.startsWith("0 2 0\n"), v);
        assertTrue(v.contains("needs its admin token: give --config node.yaml (its admin_token_file) or --token-file FILE"), v);
        Path token = dir.resolve("data-" + port).resolve("admin.token");
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
        assertEquals(64, Files.readString(token).trim().length(), "256 random bits in hex");
    }

    /** Before: "unexpected io.netty.channel.unix.Errors$NativeIoException: bind(..) failed: Address already in use", exit 3. */
    @Test
    void portsInUseAndForeignAddressesAreOneLineErrorsNamingTheKey() throws Exception {
        int port = freePort();
        int adminPort = freePort();
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("node", "start", "--no-preflight", "--config", config(port, port, adminPort, "").toString());
            assertEquals(ExitCode.ENVIRONMENT, r.code, r.err);
            assertTrue(r.err.contains("preflight: cannot listen on 127.0.0.1:" + port + " for internode connections: the port "
                    + "is in use (another node or Cassandra?); stop that process or set storage_port in node.yaml to a free port"),
                    r.err);
            assertTrue(!r.err.contains("unexpected") && !r.err.contains("NativeIoException"), r.err);
        }
        try (ServerSocket taken = new ServerSocket(adminPort, 1, InetAddress.getLoopbackAddress())) {
            Run r = run("node", "start", "--no-preflight", "--config", config(port, port, adminPort, "").toString());
            assertEquals(ExitCode.ENVIRONMENT, r.code, r.err);
            assertTrue(r.err.contains("for the admin API: the port is in use") && r.err.contains("set admin_port"), r.err);
        }
        Path foreign = config(port, port, adminPort, "").resolveSibling("foreign.yaml");
        Files.writeString(foreign, Files.readString(config(port, port, adminPort, ""))
                .replace("listen_address: 127.0.0.1", "listen_address: 198.51.100.7")
                .replace("\"127.0.0.1:" + port + "\"", "\"198.51.100.7:" + port + "\""));
        Run r = run("node", "start", "--no-preflight", "--config", foreign.toString());
        assertEquals(ExitCode.USAGE, r.code, r.err);
        assertTrue(r.err.contains("cannot listen on 198.51.100.7:" + port + " for internode connections: 198.51.100.7 is "
                + "not an address of this host; set listen_address in node.yaml"), r.err);
        assertEquals(1, r.err.lines().filter(l -> l.startsWith("preflight:")).count(), r.err);
    }

    @Test
    void nodeGroupListsItsCommands() {
        Run r = run("node", "--help");
        assertEquals(ExitCode.OK, r.code);
        for (String c : new String[] {"start", "status", "gossipinfo", "describecluster", "decommission", "removenode", "assassinate"}) {
            assertTrue(r.out.contains("  " + c), c + " in\n" + r.out);
        }
    }
}
