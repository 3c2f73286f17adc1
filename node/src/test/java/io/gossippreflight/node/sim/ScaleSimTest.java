package io.gossippreflight.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Hundreds of nodes, lossy links, partitions, pauses, restarts. */
class ScaleSimTest {
    static GossipConfig config() {
        return GossipConfig.builder().clusterName("sim").ringDelay(Duration.ofSeconds(5)).build();
    }

    @Test
    void twoHundredNodesOverALossyNetworkConvergeWithoutFlapping() {
        SimCluster c = new SimCluster(31, config()).numTokens(1);
        c.network().loss(0.05).delay(Duration.ofMillis(1), Duration.ofMillis(80)).countBytes(false);
        c.addHosts(200, 3);
        c.startAll(Duration.ofMillis(20));
        Duration took = c.until(() -> c.converged()
                && c.allSee(c.running(), (o, s) -> "NORMAL".equals(c.view(o, s).status())), Duration.ofMinutes(5));
        assertTrue(took.toSeconds() < 120, "took " + took);
        assertTrue(c.network().dropped() > 0, "loss really happened");
        // steady state: nobody flaps despite 5% loss
        long downs = c.events().stream().filter(e -> e.what().equals("DOWN")).count();
        c.run(Duration.ofMinutes(1));
        assertEquals(downs, c.events().stream().filter(e -> e.what().equals("DOWN")).count(), "no false convictions");
    }

    @Test
    void sameSeedSameRunDifferentSeedDifferentRun() {
        List<SimCluster.Event> a = run(41);
        List<SimCluster.Event> b = run(41);
        List<SimCluster.Event> other = run(42);
        assertEquals(a, b);
        assertNotEquals(a, other);
    }

    private static List<SimCluster.Event> run(long seed) {
        SimCluster c = new SimCluster(seed, config());
        c.network().loss(0.1).delay(Duration.ofMillis(1), Duration.ofMillis(50));
        c.addHosts(25, 2);
        c.startAll(Duration.ofMillis(50));
        c.run(Duration.ofSeconds(40));
        c.kill(c.host(5));
        c.run(Duration.ofSeconds(40));
        return c.events();
    }

    @Test
    void partitionedHalvesMarkEachOtherDownAndHealBackUp() {
        SimCluster c = new SimCluster(51, config());
        c.network().delay(Duration.ofMillis(1), Duration.ofMillis(20));
        c.addHosts(40, 2);
        c.startAll(Duration.ofMillis(50));
        c.until(c::converged, Duration.ofMinutes(2));
        // seeds 0 and 1 end up on one side only: the other side must still heal through unreachable gossip
        Set<InetAddressAndPort> left = c.hosts().subList(0, 20).stream().map(SimCluster.Host::address).collect(Collectors.toSet());
        Set<InetAddressAndPort> right = c.hosts().subList(20, 40).stream().map(SimCluster.Host::address).collect(Collectors.toSet());
        c.network().partition(left, right);
        c.until(() -> c.allSee(c.running(), (o, s) -> left.contains(o.address()) == left.contains(s.address())
                ? o.node().gossiper().endpoints().live().contains(s.address())
                : !o.node().gossiper().endpoints().live().contains(s.address())), Duration.ofMinutes(2));
        c.run(Duration.ofSeconds(60));
        c.network().heal();
        Duration healed = c.until(c::converged, Duration.ofMinutes(3));
        assertTrue(healed.toSeconds() < 60, "healed in " + healed);
        assertTrue(c.allSee(c.running(), (o, s) -> "NORMAL".equals(c.view(o, s).status())));
    }

    @Test
    void aPausedNodeConvictsNobodyWhenItWakesAndIsBackUpSoon() {
        SimCluster c = new SimCluster(61, config()).logs(NodeLog.Level.INFO);
        c.network().delay(Duration.ofMillis(1), Duration.ofMillis(20));
        c.addHosts(10, 2);
        c.startAll(Duration.ofMillis(50));
        c.until(c::converged, Duration.ofMinutes(2));
        c.run(Duration.ofSeconds(30));
        SimCluster.Host sleeper = c.host(4);
        long downsBefore = c.events().stream().filter(e -> e.what().equals("DOWN") && e.observer().equals(sleeper.address())).count();
        sleeper.loop().pause(Duration.ofSeconds(35));
        c.run(Duration.ofSeconds(35));
        // the others convicted the silent sleeper...
        assertTrue(c.running().stream().filter(h -> h != sleeper)
                .noneMatch(o -> o.node().gossiper().endpoints().live().contains(sleeper.address())));
        c.run(Duration.ofSeconds(10));
        // ...but the sleeper, waking, blamed its own pause instead of convicting all nine peers
        long downsAfter = c.events().stream().filter(e -> e.what().equals("DOWN") && e.observer().equals(sleeper.address())).count();
        assertEquals(downsBefore, downsAfter);
        assertFalse(((MemoryLog) sleeper.log()).grep("Not marking nodes down due to local pause").isEmpty());
        c.until(c::converged, Duration.ofSeconds(30));
    }

    @Test
    void restartComesBackUpWithAHigherGenerationAndGracefulStopIsSeenAtOnce() {
        SimCluster c = new SimCluster(71, config());
        c.network().delay(Duration.ofMillis(1), Duration.ofMillis(20));
        c.addHosts(8, 2);
        c.startAll(Duration.ofMillis(50));
        c.until(c::converged, Duration.ofMinutes(2));
        SimCluster.Host h = c.host(5);
        int gen = h.node().generation();
        h.node().stop();
        c.run(Duration.ofSeconds(3));
        // GOSSIP_SHUTDOWN: down everywhere well before phi could convict
        assertTrue(c.allSee(List.of(h), (o, s) -> "shutdown".equals(c.view(o, s).status())
                && !o.node().gossiper().endpoints().live().contains(s.address())));
        c.run(Duration.ofSeconds(2)); // within the same second a restart still gets a higher generation
        c.start(h);
        c.until(() -> c.allSee(List.of(h), (o, s) -> o.node().gossiper().endpoints().live().contains(s.address())
                && "NORMAL".equals(c.view(o, s).status())), Duration.ofMinutes(1));
        assertEquals(GossipNode.Mode.NORMAL, h.node().mode(), "a restart skips BOOT");
        for (SimCluster.Host o : c.running()) {
            PeerState p = c.view(o, h);
            assertTrue(p.generation() > gen, "higher generation at " + o.address());
        }
        // it remembered its peers: the saved ring members other than itself
        assertEquals(7, h.node().gossiper().endpoints().ringMembers().size() - 1);
    }
}
