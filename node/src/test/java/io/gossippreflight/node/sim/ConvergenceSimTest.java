package io.gossippreflight.node.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConvergenceSimTest {
    private static GossipConfig fast() {
        return GossipConfig.builder().clusterName("sim").ringDelay(Duration.ofSeconds(5)).build();
    }

    @Test
    void tenNodesAllSeeEachOtherUpAndNormal() {
        SimCluster c = new SimCluster(1, fast()).logs(NodeLog.Level.INFO);
        c.addHosts(10, 2);
        c.startAll(Duration.ofMillis(300));
        Duration took = c.until(() -> c.converged()
                && c.allSee(c.running(), (o, s) -> "NORMAL".equals(c.view(o, s).status())), Duration.ofMinutes(2));
        assertTrue(took.toSeconds() < 60, "took " + took);
        for (SimCluster.Host h : c.hosts()) {
            assertEquals(GossipNode.Mode.NORMAL, h.node().mode());
            assertEquals(10, h.node().gossiper().endpoints().ringMembers().size(), h.address().toString());
        }
        MemoryLog log = (MemoryLog) c.host(5).log();
        assertTrue(!log.grep("is now UP").isEmpty(), String.join("\n", log.lines()));
    }
}
