package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.NodeRunner;
import io.gossippreflight.node.admin.AdminClient;
import io.gossippreflight.node.admin.ClusterView;
import io.gossippreflight.node.admin.NodeStats;
import io.gossippreflight.node.config.NodeConfigLoader;
import io.gossippreflight.node.gossip.GossipListener;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes on loopback speaking the internode protocol through wire's Netty handlers:
 * they find each other through the seed, answer over their own connections, and see a
 * graceful stop at once. Real time, bounded: waits are on gossip events, with timeouts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class NettyGossipTest {
    @TempDir
    Path dir;

    private final List<NodeRunner> runners = new ArrayList<>();
    private final StringWriter logs = new StringWriter();

    @AfterEach
    void stopAll() {
        runners.forEach(NodeRunner::close);
    }

    private NodeRunner start(int i, int port, int seedPort, int adminPort) {
        Path cfg = LoopbackNodes.config(dir.resolve("n" + i), "loop", port, seedPort, adminPort);
        NodeRunner r = NodeRunner.start(NodeConfigLoader.load(cfg), new PrintWriter(logs, true), NodeLog.Level.INFO);
        runners.add(r);
        return r;
    }

    /** Completes when {@code r} has seen every one of {@code peers} come up. */
    private static CompletableFuture<Void> upEvents(NodeRunner r, Set<InetAddressAndPort> peers) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        Set<InetAddressAndPort> seen = ConcurrentHashMap.newKeySet();
        r.node().read(() -> {
            seen.addAll(r.node().gossiper().endpoints().live());
            if (seen.containsAll(peers)) {
                all.complete(null);
            }
            r.node().gossiper().addListener(new GossipListener() {
                @Override
                public void onUp(InetAddressAndPort ep) {
                    seen.add(ep);
                    if (seen.containsAll(peers)) {
                        all.complete(null);
                    }
                }
            });
            return null;
        });
        return all;
    }

    /**
     * Completes when {@code r} counts every one of {@code members} in its ring: joined, past the
     * ring delay (a node stopped before that announces nothing, as Cassandra's does not).
     */
    private static CompletableFuture<Void> ringEvents(NodeRunner r, Set<InetAddressAndPort> members) {
        CompletableFuture<Void> all = new CompletableFuture<>();
        r.node().read(() -> {
            Runnable check = () -> {
                if (r.node().gossiper().endpoints().ringMembers().containsAll(members)) {
                    all.complete(null);
                }
            };
            check.run();
            r.node().gossiper().addListener(new GossipListener() {
                @Override
                public void onRingChange() {
                    check.run();
                }
            });
            return null;
        });
        return all;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void assertBetween(long low, long value, long high, String what) {
        assertTrue(low <= value && value <= high, what + " " + value + " not within [" + low + ", " + high + "]");
    }

    @Test
    void threeNodesGossipOverTheRealProtocolAndSeeAGracefulStop() throws Exception {
        int p1 = LoopbackNodes.freePort();
        int p2 = LoopbackNodes.freePort();
        int p3 = LoopbackNodes.freePort();
        NodeRunner n1 = start(1, p1, p1, LoopbackNodes.freePort());
        NodeRunner n2 = start(2, p2, p1, LoopbackNodes.freePort());
        NodeRunner n3 = start(3, p3, p1, LoopbackNodes.freePort());
        InetAddressAndPort a1 = n1.node().address();
        InetAddressAndPort a2 = n2.node().address();
        InetAddressAndPort a3 = n3.node().address();
        // all up, and n3 joined in everyone's eyes, its own too (its graceful stop below is then announced)
        CompletableFuture.allOf(upEvents(n1, Set.of(a2, a3)), upEvents(n2, Set.of(a1, a3)), upEvents(n3, Set.of(a1, a2)),
                ringEvents(n1, Set.of(a1, a2, a3)), ringEvents(n3, Set.of(a3))).get(30, TimeUnit.SECONDS);

        AdminClient admin = new AdminClient("127.0.0.1", n1.adminPort(), Duration.ofSeconds(30));
        ClusterView v = admin.cluster();
        assertEquals("loop", v.clusterName());
        assertEquals(3, v.live().size(), v.toString());
        assertTrue(v.unreachable().isEmpty());
        // /v1/stats reports the node's own counters: each one lies between direct readings taken around the call
        long roundsBefore = n1.node().read(() -> n1.node().gossiper().roundsRun()).get(10, TimeUnit.SECONDS);
        NettyTransport.Traffic tBefore = n1.traffic();
        long cpuBefore = processCpuNanos();
        NodeStats stats = admin.stats();
        long cpuAfter = processCpuNanos();
        NettyTransport.Traffic tAfter = n1.traffic();
        long roundsAfter = n1.node().read(() -> n1.node().gossiper().roundsRun()).get(10, TimeUnit.SECONDS);
        assertBetween(roundsBefore, stats.rounds(), roundsAfter, "rounds");
        assertTrue(roundsBefore > 0, "gossip ran");
        assertEquals(3, stats.endpoints());
        assertEquals(3, stats.live());
        assertBetween(tBefore.messagesSent(), stats.messagesSent(), tAfter.messagesSent(), "messagesSent");
        assertBetween(tBefore.messageBytesSent(), stats.messageBytesSent(), tAfter.messageBytesSent(), "messageBytesSent");
        assertBetween(tBefore.bytesSent(), stats.bytesSent(), tAfter.bytesSent(), "bytesSent");
        assertBetween(tBefore.messagesReceived(), stats.messagesReceived(), tAfter.messagesReceived(), "messagesReceived");
        assertBetween(tBefore.bytesReceived(), stats.bytesReceived(), tAfter.bytesReceived(), "bytesReceived");
        assertTrue(tBefore.messagesSent() > 0 && tBefore.bytesReceived() > tBefore.messagesReceived(), tBefore.toString());
        assertBetween(cpuBefore, stats.processCpuNanos(), cpuAfter, "processCpuNanos");

        CompletableFuture<Void> down = new CompletableFuture<>();
        n1.node().read(() -> {
            n1.node().gossiper().addListener(new GossipListener() {
                @Override
                public void onDown(InetAddressAndPort ep) {
                    if (ep.equals(a3)) {
                        down.complete(null);
                    }
                }
            });
            return null;
        });
        long t0 = System.nanoTime();
        n3.close();
        try {
            down.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("n1 did not mark n3 down within 10 s of its stop; the nodes' log:\n" + logs, e);
        }
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(5), "GOSSIP_SHUTDOWN, not phi, took it down");
        ClusterView after = admin.cluster();
        assertEquals(List.of(a3.toString()), after.unreachable());
        ClusterView.Endpoint e3 = after.endpoints().stream().filter(e -> e.address().equals(a3.toString())).findFirst().orElseThrow();
        assertEquals("D", e3.status());
        assertTrue(e3.gossipStatus().startsWith("shutdown"), e3.gossipStatus());
        assertTrue(logs.toString().contains("InetAddress " + a3 + " is now DOWN"), "operator-readable log");
    }
}
