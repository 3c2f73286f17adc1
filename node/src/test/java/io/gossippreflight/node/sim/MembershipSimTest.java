package io.gossippreflight.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.gossip.OperationRefusedException;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Decommission, removenode, assassinate and expiry across a simulated cluster. */
class MembershipSimTest {
    static final Duration LEFT_EXPIRY = Duration.ofMinutes(5);

    static GossipConfig config() {
        return GossipConfig.builder().clusterName("sim").ringDelay(Duration.ofSeconds(10)).leftExpiry(LEFT_EXPIRY).build();
    }

    static SimCluster converged(long seed, int n) {
        SimCluster c = new SimCluster(seed, config());
        c.network().delay(Duration.ofMillis(1), Duration.ofMillis(10));
        c.addHosts(n, 3);
        c.startAll(Duration.ofMillis(100));
        c.until(() -> c.converged() && c.allSee(c.running(), (o, s) -> "NORMAL".equals(c.view(o, s).status())),
                Duration.ofMinutes(3));
        return c;
    }

    static String status(SimCluster c, SimCluster.Host o, SimCluster.Host s) {
        PeerState p = c.view(o, s);
        return p == null ? null : p.status();
    }

    static <T> T done(SimCluster c, CompletableFuture<T> f, Duration max) {
        c.until(f::isDone, max);
        try {
            return f.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void decommissionGoesLeavingThenLeftEverywhereThenExpires() {
        SimCluster c = converged(21, 20);
        SimCluster.Host x = c.host(9);
        CompletableFuture<String> f = x.node().decommission();
        c.until(() -> c.allSee(List.of(x), (o, s) -> "LEAVING".equals(status(c, o, s))), Duration.ofSeconds(30));
        assertEquals("Decommissioned " + x.address(), done(c, f, Duration.ofMinutes(1)));
        assertEquals(GossipNode.Mode.DECOMMISSIONED, x.node().mode());
        assertTrue(c.allSee(List.of(x), (o, s) -> "LEFT".equals(status(c, o, s))), "LEFT everywhere");
        for (SimCluster.Host o : c.running()) {
            assertFalse(o.node().gossiper().endpoints().isRingMember(x.address()));
            assertFalse(o.node().gossiper().endpoints().live().contains(x.address()));
            assertNotNull(o.node().gossiper().endpoints().expireTime(x.address()), "expiry from the LEFT value");
        }
        // a LEFT node does not announce shutdown: nobody logs a GOSSIP_SHUTDOWN for it
        assertTrue(c.events("STATUS", x.address()).stream().noneMatch(e -> e.detail().startsWith("shutdown")));
        // everyone forgets it at (nearly) the same time, once the LEFT expiry passes
        c.until(() -> c.allSee(List.of(x), (o, s) -> c.view(o, s) == null), LEFT_EXPIRY.plusMinutes(1));
        assertEquals(19, c.events("EVICTED", x.address()).size());
        // a decommissioned node refuses to come back
        CompletableFuture<Void> restart = c.start(x);
        c.run(Duration.ofSeconds(1));
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, restart::get);
        assertTrue(e.getCause().getMessage().contains("decommissioned"), e.getCause().getMessage());
    }

    @Test
    void removenodeOfADeadNodeSpreadsRemovedAndExpires() {
        SimCluster c = converged(22, 15);
        SimCluster.Host dead = c.host(4);
        SimCluster.Host coordinator = c.host(0);
        String hostId = dead.node().hostId().toString();
        c.kill(dead);
        // refused while it is still considered alive
        CompletableFuture<String> early = coordinator.node().removeNode(dead.node().hostId());
        c.run(Duration.ofMillis(1));
        assertTrue(early.isCompletedExceptionally());
        c.until(() -> c.allSee(List.of(dead), (o, s) -> !o.node().gossiper().endpoints().live().contains(s.address())),
                Duration.ofMinutes(1));
        String msg = done(c, coordinator.node().removeNode(dead.node().hostId()), Duration.ofMinutes(1));
        assertTrue(msg.startsWith("Removed " + dead.address()), msg);
        c.until(() -> c.allSee(List.of(dead), (o, s) -> "removed".equals(status(c, o, s))), Duration.ofSeconds(30));
        for (SimCluster.Host o : c.running()) {
            PeerState p = c.view(o, dead);
            assertTrue(p.statusValue().startsWith("removed," + hostId + ","), p.statusValue());
            assertFalse(o.node().gossiper().endpoints().isRingMember(dead.address()));
        }
        c.until(() -> c.allSee(List.of(dead), (o, s) -> c.view(o, s) == null), LEFT_EXPIRY.plusMinutes(1));
    }

    @Test
    void removenodeRefusesUnknownHostIdsAndSelf() {
        SimCluster c = converged(23, 4);
        GossipNode n = c.host(0).node();
        CompletableFuture<String> unknown = n.removeNode(java.util.UUID.randomUUID());
        CompletableFuture<String> self = n.removeNode(n.hostId());
        c.run(Duration.ofMillis(1));
        assertRefused(unknown, "Host ID not found");
        assertRefused(self, "Cannot remove self");
    }

    static void assertRefused(CompletableFuture<?> f, String fragment) {
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, f::get);
        assertTrue(e.getCause() instanceof OperationRefusedException, String.valueOf(e.getCause()));
        assertTrue(e.getCause().getMessage().contains(fragment), e.getCause().getMessage());
    }

    @Test
    void assassinatingALiveNodeIsRefused() {
        SimCluster c = converged(24, 5);
        CompletableFuture<String> f = c.host(0).node().assassinate(c.host(3).address());
        c.until(f::isDone, Duration.ofMinutes(1));
        assertRefused(f, "Endpoint still alive");
    }

    /**
     * The rumour race: a node that missed a decommission (partitioned away until the LEFT state
     * expired everywhere else) gossips the old NORMAL state back after the quarantine, and the
     * departed node reappears as a down ring member — a ghost. Assassinate fixes it: LEFT with a
     * bumped generation beats the stale rumour, on the straggler too.
     */
    @Test
    void staleRumourResurrectsADepartedNodeAndAssassinateBuriesIt() {
        SimCluster c = converged(25, 12);
        SimCluster.Host x = c.host(6);
        SimCluster.Host straggler = c.host(10);
        Set<InetAddressAndPort> others = c.hosts().stream().map(SimCluster.Host::address)
                .filter(a -> !a.equals(straggler.address())).collect(Collectors.toSet());
        c.network().partition(others, Set.of(straggler.address()));
        done(c, x.node().decommission(), Duration.ofMinutes(1));
        c.until(() -> c.running().stream().filter(h -> h != straggler)
                .allMatch(o -> c.view(o, x) == null), LEFT_EXPIRY.plusMinutes(1));
        c.run(c.config().quarantineDelay().plusSeconds(5)); // quarantine over everywhere
        assertEquals("NORMAL", status(c, straggler, x), "the straggler never heard of the decommission");

        c.network().heal();
        SimCluster.Host a = c.host(0);
        c.until(() -> c.view(a, x) != null, Duration.ofMinutes(2));
        c.until(() -> c.allSee(List.of(x), (o, s) -> c.view(o, s) != null), Duration.ofMinutes(2));
        assertEquals("NORMAL", status(c, a, x), "ghost: resurrected by the rumour");
        assertTrue(a.node().gossiper().endpoints().isRingMember(x.address()));
        assertFalse(a.node().gossiper().endpoints().live().contains(x.address()), "and down (it answers no ECHO)");
        c.run(LEFT_EXPIRY.plusMinutes(1));
        assertEquals("NORMAL", status(c, a, x), "a ghost ring member never expires on its own");

        int oldGeneration = c.view(a, x).generation();
        String msg = done(c, a.node().assassinate(x.address()), Duration.ofMinutes(1));
        assertEquals("Assassinated " + x.address(), msg);
        c.until(() -> c.allSee(List.of(x), (o, s) -> "LEFT".equals(status(c, o, s))), Duration.ofMinutes(1));
        for (SimCluster.Host o : c.running()) {
            assertEquals(oldGeneration + 1, c.view(o, x).generation(), "LEFT wins by generation at " + o.address());
        }
        c.until(() -> c.allSee(List.of(x), (o, s) -> c.view(o, s) == null), LEFT_EXPIRY.plusMinutes(1));
        c.run(Duration.ofMinutes(5));
        assertTrue(c.allSee(List.of(x), (o, s) -> c.view(o, s) == null), "stays buried: nobody held the old rumour");
    }

    @Test
    void repeatedAndConcurrentAssassinationsConverge() {
        SimCluster c = converged(26, 10);
        SimCluster.Host x = c.host(5);
        c.kill(x);
        c.until(() -> c.allSee(List.of(x), (o, s) -> !o.node().gossiper().endpoints().live().contains(s.address())),
                Duration.ofMinutes(1));
        int gen = c.view(c.host(0), x).generation();
        CompletableFuture<String> a1 = c.host(0).node().assassinate(x.address());
        CompletableFuture<String> a2 = c.host(1).node().assassinate(x.address());
        done(c, a1, Duration.ofMinutes(1));
        done(c, a2, Duration.ofMinutes(1));
        c.until(() -> sameViewEverywhere(c, x) && "LEFT".equals(status(c, c.host(2), x)), Duration.ofMinutes(3));
        assertEquals(gen + 1, c.view(c.host(2), x).generation());
        // again, from a third node: one more generation, converging again
        done(c, c.host(2).node().assassinate(x.address()), Duration.ofMinutes(1));
        c.until(() -> sameViewEverywhere(c, x) && c.view(c.host(3), x).generation() == gen + 2, Duration.ofMinutes(3));
        assertEquals("LEFT", status(c, c.host(7), x));
    }

    private static boolean sameViewEverywhere(SimCluster c, SimCluster.Host x) {
        PeerState first = null;
        for (SimCluster.Host o : c.running()) {
            PeerState p = c.view(o, x);
            if (p == null) {
                return false;
            }
            if (first == null) {
                first = p;
            } else if (first.generation() != p.generation() || first.maxVersion() != p.maxVersion()
                    || !first.statusValue().equals(p.statusValue())) {
                return false;
            }
        }
        return true;
    }

    @Test
    void assassinatingAnUnknownAddressInventsALeftStateAheadOfTime() {
        SimCluster c = converged(27, 5);
        InetAddressAndPort ghost = SimCluster.address(99);
        done(c, c.host(0).node().assassinate(ghost), Duration.ofSeconds(30));
        PeerState p = c.host(0).node().gossiper().endpoints().get(ghost);
        assertEquals("LEFT", p.status());
        assertEquals(9999, p.state().heartBeat().version());
        assertTrue(p.generation() > c.time().currentTimeMillis() / 1000, "generation one minute ahead");
        c.until(() -> c.running().stream().allMatch(o -> {
            PeerState q = o.node().gossiper().endpoints().get(ghost);
            return q != null && "LEFT".equals(q.status());
        }), Duration.ofMinutes(1));
    }

    @Test
    void quarantinedEndpointsIgnoreRumoursUntilTheQuarantineEnds() {
        SimCluster c = converged(28, 6);
        SimCluster.Host x = c.host(3);
        done(c, x.node().decommission(), Duration.ofMinutes(1));
        SimCluster.Host a = c.host(0);
        assertTrue(a.node().gossiper().endpoints().isQuarantined(x.address()), "LEFT quarantines");
        c.until(() -> c.view(a, x) == null, LEFT_EXPIRY.plusMinutes(1));
        assertTrue(a.node().gossiper().endpoints().isQuarantined(x.address()), "eviction quarantines again");
        assertNull(c.view(a, x));
        c.run(c.config().quarantineDelay().plusSeconds(2));
        assertFalse(a.node().gossiper().endpoints().isQuarantined(x.address()));
    }
}
