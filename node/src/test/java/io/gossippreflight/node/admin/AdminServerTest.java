package io.gossippreflight.node.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.NodeInputException;
import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.node.log.NodeLog;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API of a real node on loopback, attacked as the hardening issue did: path traversal
 * and prefixes, slow clients trickling headers, bodies, connection floods, and the token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AdminServerTest {
    @TempDir
    static Path dir;

    private NodeRunner runner;
    private int port;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    void start() throws IOException {
        int storage = freePort();
        port = freePort();
        Path cfg = dir.resolve("node.yaml");
        Files.writeString(cfg, String.join("\n", "cluster_name: admin test", "num_tokens: 4", "seed_provider:",
                "  - parameters:", "      - seeds: \"127.0.0.1:" + storage + "\"", "listen_address: 127.0.0.1",
                "storage_port: " + storage, "admin_port: " + port, "ring_delay_ms: 1000", "shutdown_announce_in_ms: 100", ""));
        runner = NodeRunner.start(NodeConfigLoader.load(cfg), new PrintWriter(new StringWriter(), true), NodeLog.Level.INFO);
    }

    @AfterAll
    void stop() {
        if (runner != null) {
            runner.close();
        }
    }

    record Reply(int status, String head, String body) {
    }

    /** Sends raw bytes, reads the answer until the server closes or the body is complete. */
    static Reply raw(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return read(s.getInputStream());
        }
    }

    static Reply read(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            String t = b.toString(StandardCharsets.ISO_8859_1);
            int end = t.indexOf("\r\n\r\n");
            if (end >= 0) {
                int len = Integer.parseInt(t.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                byte[] body = in.readNBytes(len);
                return new Reply(Integer.parseInt(t.substring(9, 12)), t.substring(0, end), new String(body, StandardCharsets.UTF_8));
            }
        }
        return new Reply(-1, b.toString(StandardCharsets.ISO_8859_1), "");
    }

    static String req(String method, String path) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    }

    private GossipNode.Mode mode() {
        return runner.node().mode();
    }

    @Test
    void traversalAndPrefixesReachNoHandler() throws IOException {
        assertEquals(GossipNode.Mode.NORMAL, mode());
        String id = UUID.randomUUID().toString();
        // before: "Decommissioned 127.0.0.1:17000" -- the node really left
        Reply r = raw(port, req("POST", "/v1/decommission/../../v1/removenode?hostId=" + id));
        assertEquals(404, r.status, r.toString());
        assertTrue(r.body.contains("no such route"), r.body);
        assertEquals(404, raw(port, req("POST", "/v1/decommissionXYZ")).status);
        assertEquals(404, raw(port, req("GET", "/v1/clusterX")).status);
        assertEquals(404, raw(port, req("GET", "/v1/cluster%00")).status);
        assertEquals(GossipNode.Mode.NORMAL, mode(), "nothing was decommissioned");
        assertEquals(200, raw(port, req("GET", "/v1/cluster")).status);
        Reply wrong = raw(port, req("GET", "/v1/decommission"));
        assertEquals(405, wrong.status);
        assertTrue(wrong.head.contains("allow: POST"), wrong.head);
        assertEquals(GossipNode.Mode.NORMAL, mode());
    }

    @Test
    void malformedAndOversizedRequestsAreRefused() throws IOException {
        assertEquals(400, raw(port, "GARBAGE\r\n\r\n").status);
        assertEquals(414, raw(port, "GET /" + "a".repeat(5000) + " HTTP/1.1\r\n\r\n").status);
        assertEquals(431, raw(port, "GET /v1/cluster HTTP/1.1\r\nX: " + "a".repeat(10_000) + "\r\n\r\n").status);
        assertEquals(413, raw(port, "POST /v1/decommission HTTP/1.1\r\nContent-Length: 100000\r\n\r\n"
                + "a".repeat(100_000)).status);
        assertEquals(GossipNode.Mode.NORMAL, mode());
    }

    /** Before: two clients trickling headers took both threads, and 'node status' failed after 30 s. */
    @Test
    void slowClientsCannotStarveIt() throws Exception {
        AdminServer.Options o = new AdminServer.Options(null, Duration.ofSeconds(60), 8 << 10, 64);
        try (AdminServer s = new AdminServer(runner.node(), "127.0.0.1", 0, "SimpleSnitch", List::of, runner::traffic, runner::inbound,
                Duration.ofSeconds(30), NodeLog.NONE, o).start()) {
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Socket k = new Socket(InetAddress.getLoopbackAddress(), s.port());
                k.getOutputStream().write("GET /v1/cluster HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(k);
            }
            AdminClient client = new AdminClient("127.0.0.1", s.port(), Duration.ofSeconds(5));
            for (int round = 0; round < 3; round++) {
                for (Socket k : slow) {
                    k.getOutputStream().write(("X-Slow-" + round + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                }
                assertEquals("admin test", assertTimeoutPreemptively(Duration.ofSeconds(10), () -> client.cluster(),
                        "answers beside 20 slow clients").clusterName());
            }
            for (Socket k : slow) {
                k.close();
            }
        }
    }

    /** A request trickling in a header line at a time is cut off at the request deadline, not served forever. */
    @Test
    void aTricklingRequestIsCutOffAtTheDeadline() throws Exception {
        AdminServer.Options o = new AdminServer.Options(null, Duration.ofSeconds(1), 8 << 10, 64);
        try (AdminServer s = new AdminServer(runner.node(), "127.0.0.1", 0, "SimpleSnitch", List::of, runner::traffic, runner::inbound,
                Duration.ofSeconds(30), NodeLog.NONE, o).start();
             Socket k = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
            k.setSoTimeout(200);
            OutputStream out = k.getOutputStream();
            out.write("GET /v1/cluster HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            int lines = 0;
            boolean closed = false;
            while (!closed && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30)) {
                try {
                    out.write(("X-Line-" + lines++ + ": 1\r\n").getBytes(StandardCharsets.US_ASCII));
                    closed = k.getInputStream().read() < 0;
                } catch (SocketTimeoutException stillOpen) {
                    // one line per 200 ms, like the one line per 5 s but faster
                } catch (IOException reset) {
                    closed = true;
                }
            }
            assertTrue(closed, "still open after " + lines + " header lines");
        }
    }

    @Test
    void connectionsBeyondTheCapAreClosedAtOnce() throws Exception {
        AdminServer.Options o = new AdminServer.Options(null, Duration.ofSeconds(30), 8 << 10, 4);
        try (AdminServer s = new AdminServer(runner.node(), "127.0.0.1", 0, "SimpleSnitch", List::of, runner::traffic, runner::inbound,
                Duration.ofSeconds(30), NodeLog.NONE, o).start()) {
            List<Socket> held = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                held.add(new Socket(InetAddress.getLoopbackAddress(), s.port()));
            }
            // the accept of the fourth must have been counted before the fifth arrives: ask on one of them
            held.get(3).getOutputStream().write("GET /v1/stats HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, read(held.get(3).getInputStream()).status);
            try (Socket extra = new Socket(InetAddress.getLoopbackAddress(), s.port())) {
                extra.setSoTimeout(10_000);
                int b;
                try {
                    b = extra.getInputStream().read();
                } catch (SocketTimeoutException open) {
                    throw new AssertionError("the fifth connection is still open", open);
                } catch (IOException reset) {
                    b = -1;
                }
                assertEquals(-1, b, "the fifth connection is closed");
            }
            for (Socket k : held) {
                k.close();
            }
        }
    }

    @Test
    void aTokenIsRequiredWhenConfigured() throws Exception {
        String token = "0123456789abcdef0123456789abcdef";
        AdminServer.Options o = AdminServer.Options.DEFAULTS.withToken(token);
        try (AdminServer s = new AdminServer(runner.node(), "127.0.0.1", 0, "SimpleSnitch", List::of, runner::traffic, runner::inbound,
                Duration.ofSeconds(30), NodeLog.NONE, o).start()) {
            Reply none = raw(s.port(), req("POST", "/v1/decommission"));
            assertEquals(401, none.status);
            assertTrue(none.head.contains("www-authenticate: Bearer"), none.head);
            assertEquals(401, raw(s.port(), "POST /v1/decommission HTTP/1.1\r\nAuthorization: Bearer wrong\r\n"
                    + "Connection: close\r\n\r\n").status);
            assertEquals(GossipNode.Mode.NORMAL, mode());
            assertEquals(200, raw(s.port(), "GET /v1/cluster HTTP/1.1\r\nAuthorization: Bearer " + token
                    + "\r\nConnection: close\r\n\r\n").status);
            NodeInputException e = assertThrows(NodeInputException.class,
                    () -> new AdminClient("127.0.0.1", s.port(), Duration.ofSeconds(5)).cluster());
            assertTrue(e.getMessage().contains("needs its admin token"), e.getMessage());
            assertEquals("admin test", new AdminClient("127.0.0.1", s.port(), Duration.ofSeconds(5), token).cluster()
                    .clusterName());
        }
    }
}
