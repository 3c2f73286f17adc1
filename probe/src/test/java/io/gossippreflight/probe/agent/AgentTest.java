package io.gossippreflight.probe.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.check.TargetKind;
import io.gossippreflight.probe.check.TargetReport;
import io.gossippreflight.probe.check.TargetSpec;
import io.gossippreflight.time.SystemClock;
import io.gossippreflight.verdict.Confidence;
import io.gossippreflight.verdict.MtuEstimate;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent's port attacked: unsigned, wrongly signed, replayed, stale, wrong-host, flooding and
 * concurrent requests are refused and logged, and never run a check; a signed request for the
 * mesh's hosts runs exactly one. The check itself is faked: what is tested is the door.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AgentTest {
    private static final byte[] SECRET = "the mesh's shared secret, 32 B.".getBytes(StandardCharsets.UTF_8);
    private static final List<TargetSpec> MESH = List.of(new TargetSpec("127.0.0.2", 7000),
            new TargetSpec("127.0.0.3", 7000));
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<List<TargetSpec>> checked = new CopyOnWriteArrayList<>();
    private CountDownLatch release = new CountDownLatch(0);
    private Agent agent;

    static TargetReport report(String target, PathStatus s, Integer mtu) {
        MtuEstimate m = mtu == null ? MtuEstimate.unknown() : new MtuEstimate(mtu, null, mtu, mtu + 1, null,
                MtuEstimate.Source.BISECTION);
        return new TargetReport(target, TargetKind.RESPONDER, 12, 0.3, "127.0.0.1",
                new PathVerdict("127.0.0.1", target, s, m, Confidence.HIGH, "out", List.of(), List.of(), List.of("w")),
                new PathVerdict(target, "127.0.0.1", PathStatus.HEALTHY, m, Confidence.HIGH, "in", List.of(), List.of(),
                        List.of()), null, new long[] {1, 1}, 800, 0, List.of(), List.of());
    }

    private Agent start(RequestGuard.Limits limits) {
        agent = new Agent(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), "127.0.0.1:7000",
                new RequestGuard(SECRET, limits), new AllowList(MESH), targets -> {
                    checked.add(targets);
                    try {
                        release.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return targets.stream().map(t -> report(t.toString(), PathStatus.BLACK_HOLE, 1422)).toList();
                }, log::add, SystemClock.INSTANCE).start();
        return agent;
    }

    @AfterEach
    void stop() {
        release.countDown();
        if (agent != null) {
            agent.close();
        }
    }

    private AgentClient client(byte[] secret) {
        return new AgentClient(secret, Duration.ofSeconds(20), System::currentTimeMillis);
    }

    @Test
    void aSignedRequestForTheMeshsHostsRunsOneCheck() {
        start(RequestGuard.Limits.DEFAULTS);
        List<PairResult> r = client(SECRET).check("127.0.0.1:7000", agent.address(), List.of("127.0.0.2:7000", "127.0.0.3:7000"));
        assertEquals(2, r.size());
        assertNull(r.get(0).error(), r.toString());
        assertEquals(PathStatus.BLACK_HOLE, r.get(0).outbound().status());
        assertEquals(1422, r.get(0).outbound().mtu().exact());
        assertEquals(List.of("w"), r.get(0).outbound().warnings());
        assertEquals(PathStatus.HEALTHY, r.get(1).inbound().status());
        assertEquals(1, checked.size());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("agent: checking 2 targets for 127.0.0.1")), log.toString());
    }

    @Test
    void unsignedWrongSecretReplayedAndStaleRequestsAreRefusedAndLogged() throws Exception {
        start(RequestGuard.Limits.DEFAULTS);
        InetSocketAddress at = agent.address();
        Reply unsigned = raw(at, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2"
                + "\r\n\r\n{}");
        assertEquals(401, unsigned.status, unsigned.body);
        assertTrue(unsigned.body.contains("not signed"), unsigned.body);

        List<PairResult> wrong = client("somebody else's secret!".getBytes(StandardCharsets.UTF_8))
                .check("127.0.0.1:7000", at, List.of("127.0.0.2:7000"));
        assertTrue(wrong.get(0).error().contains("refused (401): bad_signature"), wrong.toString());

        AgentClient c = client(SECRET);
        AgentClient.Signed s = c.sign(List.of("127.0.0.2:7000"));
        assertEquals(200, c.send(at, s).status());
        AgentClient.Answer replay = c.send(at, s);
        assertEquals(401, replay.status());
        assertTrue(new String(replay.body(), StandardCharsets.UTF_8).contains("replayed"));

        AgentClient old = new AgentClient(SECRET, Duration.ofSeconds(20), () -> System.currentTimeMillis() - 120_000);
        List<PairResult> stale = old.check("127.0.0.1:7000", at, List.of("127.0.0.2:7000"));
        assertTrue(stale.get(0).error().contains("stale"), stale.toString());

        assertEquals(1, checked.size(), "only the one good request ran a check");
        for (String reason : List.of("unsigned", "bad_signature", "replayed", "stale")) {
            assertTrue(log.stream().anyMatch(l -> l.startsWith("agent: refused a request from 127.0.0.1 (401): " + reason)),
                    reason + " logged: " + log);
        }
    }

    @Test
    void targetsOffTheAllowListAreRefused() {
        start(RequestGuard.Limits.DEFAULTS);
        for (String t : List.of("127.0.0.9:7000", "127.0.0.2:22", "localhost:7000", "[::1]:7000")) {
            List<PairResult> r = client(SECRET).check("127.0.0.1:7000", agent.address(), List.of("127.0.0.2:7000", t));
            assertTrue(r.get(0).error().contains("refused (403): target '" + t + "' is not on this agent's allow-list"),
                    r.toString());
        }
        assertEquals(0, checked.size());
        assertEquals(4, log.stream().filter(l -> l.contains("(403)")).count(), log.toString());
    }

    @Test
    void aFloodIsRefusedBeyondTheRate() {
        start(new RequestGuard.Limits(30_000, 4096, 2, 60_000));
        int ok = 0;
        int flood = 0;
        for (int i = 0; i < 6; i++) {
            List<PairResult> r = client(SECRET).check("127.0.0.1:7000", agent.address(), List.of("127.0.0.2:7000"));
            if (r.get(0).error() == null) {
                ok++;
            } else if (r.get(0).error().contains("refused (429): flood")) {
                flood++;
            }
        }
        assertEquals(2, ok);
        assertEquals(4, flood);
        assertEquals(2, checked.size());
        assertEquals(4, log.stream().filter(l -> l.contains("(429): flood")).count(), log.toString());
    }

    @Test
    void oneCheckAtATime() throws Exception {
        release = new CountDownLatch(1);
        start(RequestGuard.Limits.DEFAULTS);
        AgentClient c = client(SECRET);
        var first = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> c.check("127.0.0.1:7000", agent.address(), List.of("127.0.0.2:7000")));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (checked.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10); // the first request reaching the (blocked) check
        }
        List<PairResult> second = c.check("127.0.0.1:7000", agent.address(), List.of("127.0.0.3:7000"));
        assertTrue(second.get(0).error().contains("refused (429): busy"), second.toString());
        release.countDown();
        assertNull(first.get(20, TimeUnit.SECONDS).get(0).error());
        assertEquals(1, checked.size());
    }

    @Test
    void onlyPostOfTheOneRouteAndBoundedBodies() throws Exception {
        start(RequestGuard.Limits.DEFAULTS);
        InetSocketAddress at = agent.address();
        assertEquals(404, raw(at, "POST /v1/check/../admin HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").status);
        assertEquals(404, raw(at, "POST /v1/check?x=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").status);
        assertEquals(405, raw(at, "GET /v1/check HTTP/1.1\r\nHost: x\r\n\r\n").status);
        Reply big = raw(at, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: " + (Agent.MAX_BODY + 1) + "\r\n\r\n");
        assertTrue(big.status == 413 || big.status == -1, "refused before the body is read: " + big.status);
        assertEquals(0, checked.size());
    }

    record Reply(int status, String body) {
    }

    static Reply raw(InetSocketAddress at, String request) throws Exception {
        try (Socket s = new Socket(at.getAddress(), at.getPort())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0) {
                b.write(c);
                String t = b.toString(StandardCharsets.ISO_8859_1);
                int end = t.indexOf("\r\n\r\n");
                if (end >= 0) {
                    int len = Integer.parseInt(t.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                    String body = new String(in.readNBytes(len), StandardCharsets.UTF_8);
                    return new Reply(Integer.parseInt(t.substring(9, 12)), body);
                }
            }
            return new Reply(-1, b.toString(StandardCharsets.ISO_8859_1));
        }
    }
}
