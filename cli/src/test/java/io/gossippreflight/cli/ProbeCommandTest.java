package io.gossippreflight.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code probe serve} and {@code probe check} through the command line, over loopback. */
class ProbeCommandTest {
    private static final String LO = InetAddress.getLoopbackAddress().getHostAddress();

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Preflight.commandLine(out, err).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void badUsageIsExit2WithOneLine() {
        Run r = run("probe", "check");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("give a target"), r.err());
        assertEquals(ExitCode.USAGE, run("probe", "check", LO, "--target", "mystery").code());
        assertEquals(ExitCode.USAGE, run("probe", "check", LO, "--listen", "not-an-address").code());
        assertEquals(ExitCode.USAGE, run("probe", "check", "--cassandra-yaml", "/nonexistent/cassandra.yaml").code());
        assertEquals(ExitCode.USAGE, run("probe", "check", LO, "--parallel", "0").code());
        assertEquals(ExitCode.USAGE, run("probe", "serve", "--tokens", "0").code());
        assertEquals(ExitCode.USAGE, run("probe", "serve", "--messaging-version", "9").code());
        assertEquals(ExitCode.USAGE, run("probe", "serve", "--messaging-version", "14").code());
        Run port = run("probe", "check", LO + ":99999");
        assertEquals(ExitCode.USAGE, port.code());
        assertTrue(!port.err().contains("Exception"), "no stack trace without --debug: " + port.err());
    }

    @Test
    void serveListensAndStops() {
        Run r = run("probe", "serve", "--listen", LO + ":0", "--duration", "1", "--tokens", "256");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().startsWith("listening on " + LO + ":"), r.out());
        assertTrue(r.out().contains("1 endpoint x 256 tokens, shadow-round ACK 5,"), r.out());
    }

    /** {@code probe serve --messaging-version 11} plays a 3.11 seed; {@code probe check} finds it out from the handshake. */
    @Test
    void checkFindsA3xSeedPlayedByServeAndSaysWhichVersionItSpoke() throws Exception {
        Run r = checkA3xSeed(new String[0], new String[0], "as a 3.x seed, messaging version 11");
        assertTrue(r.err().contains("messaging version 11"), r.err());
    }

    /** Both sides with internode_compression all: the 3.x stream in LZ4 blocks each way, healthy. */
    @Test
    void checkA3xSeedThatCompresses() throws Exception {
        String[] lz4 = {"--internode-compression", "all"};
        checkA3xSeed(lz4, lz4, "answers in LZ4 blocks");
    }

    /** A 3.x seed with TLS only on its port (its ssl_storage_port), no client certificates asked. */
    @Test
    void checkA3xSeedOverTls() throws Exception {
        io.gossippreflight.fixtures.cassandra.TestPki pki = io.gossippreflight.fixtures.cassandra.TestPki.shared(
                Path.of("target", "test-pki", "cli-p12"), "PKCS12");
        String[] tls = {"--keystore", pki.keystore("node", LO).toString(), "--keystore-password",
                io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD, "--truststore", pki.truststore().toString(),
                "--truststore-password", io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD, "--store-type", "PKCS12"};
        checkA3xSeed(tls, tls, "TLS only");
    }

    /** TLS with client certificates required by the seed, and compression: the check shows its certificate. */
    @Test
    void checkA3xSeedOverTlsWithClientCertificatesAndCompression() throws Exception {
        io.gossippreflight.fixtures.cassandra.TestPki pki = io.gossippreflight.fixtures.cassandra.TestPki.shared(
                Path.of("target", "test-pki", "cli-p12"), "PKCS12");
        String[] tls = {"--keystore", pki.keystore("node", LO).toString(), "--keystore-password",
                io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD, "--truststore", pki.truststore().toString(),
                "--truststore-password", io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD, "--store-type", "PKCS12",
                "--internode-compression", "all"};
        String[] serve = java.util.stream.Stream.concat(java.util.Arrays.stream(tls),
                java.util.stream.Stream.of("--require-client-auth")).toArray(String[]::new);
        checkA3xSeed(serve, tls, "answers in LZ4 blocks, TLS only");
    }

    /** Runs {@code probe serve --messaging-version 11 SERVE...} and {@code probe check CHECK...} against it: healthy at 11. */
    private static Run checkA3xSeed(String[] serveArgs, String[] checkArgs, String listening) throws Exception {
        return checkA3xSeed(serveArgs, port -> java.util.stream.Stream.concat(java.util.stream.Stream.of(LO + ":" + port),
                java.util.Arrays.stream(checkArgs)).toArray(String[]::new), listening);
    }

    /** As above, the check's arguments made from the port serve listens on. */
    private static Run checkA3xSeed(String[] serveArgs, java.util.function.IntFunction<String[]> checkArgs,
            String listening) throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        try (Serving seed = Serving.start(port, serveArgs)) {
            String serveOut = seed.out();
            assertTrue(serveOut.contains("as a 3.x seed, messaging version 11"), serveOut);
            assertTrue(serveOut.contains(listening), serveOut);
            java.util.List<String> check = new java.util.ArrayList<>(java.util.List.of("probe", "check"));
            check.addAll(java.util.List.of(checkArgs.apply(port)));
            check.addAll(java.util.List.of("--listen", LO + ":0", "--json", "--parallel", "4"));
            Run r = run(check.toArray(String[]::new));
            assertEquals(ExitCode.OK, r.code(), r.out() + r.err() + "\n--- serve:\n" + seed.err());
            JsonNode j = new ObjectMapper().readTree(r.out()).get("targets").get(0);
            assertEquals(11, j.get("messagingVersion").asInt(), j.toString());
            assertEquals("RESPONDER", j.get("kind").asText());
            assertEquals("HEALTHY", j.get("outbound").get("status").asText());
            assertEquals("HEALTHY", j.get("inbound").get("status").asText());
            return r;
        }
    }

    /** {@code probe serve --messaging-version 11} on a loopback port, in a thread of this JVM, until closed. */
    private record Serving(Thread thread, StringWriter outBuf, StringWriter errBuf) implements AutoCloseable {
        static Serving start(int port, String... args) throws InterruptedException {
            java.util.concurrent.CountDownLatch up = new java.util.concurrent.CountDownLatch(1);
            StringWriter out = new StringWriter() {
                @Override
                public void flush() {
                    super.flush();
                    if (toString().contains("listening on")) {
                        up.countDown();
                    }
                }
            };
            StringWriter err = new StringWriter();
            java.util.List<String> argv = new java.util.ArrayList<>(java.util.List.of("probe", "serve", "--listen",
                    LO + ":" + port, "--messaging-version", "11", "--duration", "25", "--no-udp"));
            argv.addAll(java.util.List.of(args));
            Thread t = new Thread(() -> {
                Preflight.commandLine(out, err).execute(argv.toArray(String[]::new));
                up.countDown(); // ended: no need to wait for it
            });
            t.start();
            Serving s = new Serving(t, out, err);
            assertTrue(up.await(20, TimeUnit.SECONDS), out + " / " + err);
            return s;
        }

        String out() {
            return outBuf.toString();
        }

        String err() {
            return errBuf.toString();
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(30_000);
        }
    }

    /**
     * Seeds from a cassandra.yaml with TLS: the seed's storage_port refuses (a 3.x node with
     * internode_encryption all has no plain port) and its ssl_storage_port accepts, so it is checked there.
     */
    @Test
    void aYamlSeedWhoseStoragePortRefusesIsCheckedAtItsSslStoragePort(@TempDir Path dir) throws Exception {
        int closed;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = free.getLocalPort(); // nothing listens there once closed: refused
        }
        Run r = checkYamlSeedAtItsSslStoragePort(dir, closed, "all");
        assertTrue(r.err().contains(LO + ":" + closed + " refused the connection and its ssl_storage_port"), r.err());
    }

    /**
     * Seeds from a cassandra.yaml with internode_encryption dc: the seed's storage_port takes plain
     * connections only (a 3.x node with dc or rack encryption) and closes our ClientHello, its
     * ssl_storage_port takes TLS, so it is checked there.
     */
    @Test
    void aYamlSeedWhosePlainStoragePortTakesNoTlsIsCheckedAtItsSslStoragePort(@TempDir Path dir) throws Exception {
        int plainPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            plainPort = free.getLocalPort();
        }
        try (Serving plain = Serving.start(plainPort)) { // the seed's plain storage port: a 3.x port without TLS
            Run r = checkYamlSeedAtItsSslStoragePort(dir, plainPort, "dc");
            assertTrue(r.err().contains(LO + ":" + plainPort + " takes no TLS and its ssl_storage_port"), r.err());
        }
    }

    /**
     * A 3.x seed playing its TLS port (its ssl_storage_port), checked from a cassandra.yaml naming it
     * with {@code storagePort} and {@code internode_encryption}: healthy at 11 (the check moved there).
     */
    private static Run checkYamlSeedAtItsSslStoragePort(Path dir, int storagePort, String encryption) throws Exception {
        io.gossippreflight.fixtures.cassandra.TestPki pki = io.gossippreflight.fixtures.cassandra.TestPki.shared(
                Path.of("target", "test-pki", "cli-p12"), "PKCS12");
        String ks = pki.keystore("node", LO).toString();
        String pw = io.gossippreflight.fixtures.cassandra.TestPki.PASSWORD;
        String[] serve = {"--keystore", ks, "--keystore-password", pw, "--truststore", pki.truststore().toString(),
                "--truststore-password", pw, "--store-type", "PKCS12"};
        Path yaml = dir.resolve("cassandra.yaml");
        return checkA3xSeed(serve, port -> {
            try {
                Files.writeString(yaml, String.join("\n",
                        "cluster_name: 'Test Cluster'",
                        "seed_provider:",
                        "  - class_name: org.apache.cassandra.locator.SimpleSeedProvider",
                        "    parameters:",
                        "      - seeds: \"" + LO + "\"",
                        "storage_port: " + storagePort,
                        "ssl_storage_port: " + port,
                        "server_encryption_options:",
                        "  internode_encryption: " + encryption,
                        "  keystore: " + ks,
                        "  keystore_password: " + pw,
                        "  truststore: " + pki.truststore(),
                        "  truststore_password: " + pw,
                        "  store_type: PKCS12",
                        ""));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return new String[] {"--cassandra-yaml", yaml.toString()};
        }, "TLS only");
    }

    @Test
    void serveAs3xSeedWithTlsNeedsAKeystore() {
        Run r = run("probe", "serve", "--listen", LO + ":0", "--messaging-version", "11", "--duration", "1",
                "--internode-encryption", "all", "--no-verify-peer");
        assertEquals(ExitCode.USAGE, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("a 3.x seed with internode encryption listens for TLS only"), r.err());
    }

    @Test
    void checkAgainstTheResponderInJsonAndJunit(@TempDir Path dir) throws Exception {
        EventLoopGroup group = ProbeNetty.eventLoops(2, "test-responder");
        try (Responder resp = Responder.start(group, new ResponderConfig(new InetSocketAddress(LO, 0),
                ResponderConfig.DEFAULT_CLUSTER, ResponderConfig.DEFAULT_PARTITIONER, 2, 16, true, MessagingVersion.V12,
                MessagingVersion.V12), l -> { })) {
            Path junit = dir.resolve("probe.xml");
            Path html = dir.resolve("probe.html");
            Path md = dir.resolve("probe.md");
            Run r = run("probe", "check", LO + ":" + resp.address().getPort(), "--listen", LO + ":0", "--json",
                    "--junit", junit.toString(), "--html", html.toString(), "--markdown", md.toString(), "--parallel", "4");
            String page = Files.readString(html);
            assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains("<svg class=\"probechart\""), page);
            assertEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(html)));
            assertTrue(Files.readString(md).contains("| direction | status | MTU | what breaks | fix |"), Files.readString(md));
            io.gossippreflight.cli.render.JunitXmlWriterTest.validate(Files.readString(junit));
            assertEquals(ExitCode.OK, r.code(), r.out() + r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("gossip-preflight/probe/v1", doc.get("schema").asText());
            assertTrue(doc.get("result").get("passed").asBoolean());
            JsonNode t = doc.get("targets").get(0);
            assertEquals("RESPONDER", t.get("kind").asText());
            assertEquals("HEALTHY", t.get("outbound").get("status").asText());
            assertEquals("HEALTHY", t.get("inbound").get("status").asText());
            assertEquals(2, t.get("needs").get("endpoints").asInt());
            assertTrue(t.get("probes").size() > 20);
            assertTrue(doc.get("startedAt").asText().endsWith("Z"), doc.toString());
            JsonNode ladder = t.at("/phases/inbound/0");
            assertEquals("LADDER", ladder.get("kind").asText());
            assertTrue(ladder.get("probes").asInt() > 5 && ladder.get("text").asText().startsWith("ladder: "), ladder.toString());
            assertTrue(t.at("/outbound/findings/0/count").asInt() >= 1, t.toString());
            assertTrue(r.err().contains("shadow-round ACK"), "progress on stderr");
            String xml = Files.readString(junit);
            assertTrue(xml.contains("<testsuite name=\"preflight probe check " + LO + ":" + resp.address().getPort()
                    + "\" tests=\"2\" failures=\"0\""), xml);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWrongClusterNameFailsWithExit1AndSaysSo() throws Exception {
        EventLoopGroup group = ProbeNetty.eventLoops(2, "test-responder");
        try (Responder resp = Responder.start(group, new ResponderConfig(new InetSocketAddress(LO, 0), "Production",
                ResponderConfig.DEFAULT_PARTITIONER, 1, 16, true, MessagingVersion.V12, MessagingVersion.V12), l -> { })) {
            Run r = run("probe", "check", LO + ":" + resp.address().getPort(), "--listen", LO + ":0", "-q");
            assertEquals(ExitCode.PROBLEM, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("cluster_name mismatch"), r.out());
            assertTrue(r.out().contains("RESULT: 1 of 1 target failed"), r.out());
            assertEquals("", r.err(), "--quiet");
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** Nothing listening: the report claims nothing about what the target is, and points at verdicts, not fixes. */
    @Test
    void aRefusedTargetIsReportedWithoutClaimsItCannotBackUp() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Run r = run("probe", "check", LO + ":" + port, "--listen", LO + ":0", "-q");
        assertEquals(ExitCode.PROBLEM, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("REFUSED"), r.out());
        assertTrue(r.out().contains("  no gossip answer, from "), r.out());
        for (String wrong : new String[] {"a real node", "our responder", "Limits pinned after never", "see the fixes above"}) {
            assertTrue(!r.out().contains(wrong), "'" + wrong + "' in:\n" + r.out());
        }
        assertTrue(r.out().contains("RESULT: 1 of 1 target failed: see the verdicts above"), r.out());
    }
}
