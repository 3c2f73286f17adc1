package io.gossippreflight.node.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.admin.ClusterView;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chaos test's checks, on hand-made views: each violation is caught, healthy histories pass. */
class ChaosInvariantsTest {
    static ClusterView.Endpoint ep(String address, String status, String state, String gossip, int generation) {
        return new ClusterView.Endpoint(address, true, status, state, gossip, "dc1", "r1", "0 bytes", 16, 0.2, "id",
                generation, 10, List.of(), 1);
    }

    static ClusterView view(ClusterView.Endpoint... e) {
        return new ClusterView("c", "p", "s", "x", "NORMAL", "", List.of(e), List.of(), List.of(), Map.of(), Map.of(), List.of());
    }

    @Test
    void aHealthyHistoryPasses() {
        ChaosInvariants inv = new ChaosInvariants();
        inv.observe("a", view(ep("b", "U", "N", "NORMAL,1", 100)));
        inv.observe("a", view(ep("b", "D", "N", "NORMAL,1", 100)));
        inv.observe("a", view(ep("b", "U", "N", "NORMAL,1", 130))); // restarted
        inv.departed("b");
        inv.observe("a", view(ep("b", "U", "L", "LEAVING,1", 130)));
        inv.observe("a", view(ep("b", "?", "N", "LEFT,1,999", 130)));
        inv.observe("a", view()); // evicted
        assertEquals(List.of(), inv.violations());
        assertEquals(6, inv.views());
    }

    @Test
    void eachViolationIsCaught() {
        ChaosInvariants inv = new ChaosInvariants();
        inv.observe("a", view(ep("b", "U", "N", "NORMAL,1", 100)));
        inv.observe("a", view(ep("b", "U", "N", "NORMAL,1", 99)));
        inv.observe("a", view(ep("c", "?", "N", "LEFT,1,999", 100)));
        inv.departed("d");
        inv.observe("a", view(ep("d", "?", "N", "removed,id,999", 100)));
        inv.observe("a", view(ep("d", "U", "N", "NORMAL,1", 101)));
        List<String> v = inv.violations();
        assertEquals(3, v.size(), v.toString());
        assertTrue(v.get(0).contains("generation 99 for b after 100"));
        assertTrue(v.get(1).contains("marks c LEFT,1,999 though nobody decommissioned"));
        assertTrue(v.get(2).contains("a LEFT node resurrected"));
    }

    @Test
    void allUpNeedsEveryLiveNodeUnEverywhere() {
        ClusterView full = view(ep("a", "U", "N", "NORMAL", 1), ep("b", "U", "N", "NORMAL", 1));
        assertTrue(ChaosInvariants.allUp(Map.of("a", full, "b", full), List.of("a", "b")));
        ClusterView joining = view(ep("a", "U", "N", "NORMAL", 1), ep("b", "U", "J", "BOOT", 1));
        assertFalse(ChaosInvariants.allUp(Map.of("a", joining, "b", full), List.of("a", "b")));
        ClusterView down = view(ep("a", "U", "N", "NORMAL", 1), ep("b", "D", "N", "NORMAL", 1));
        assertFalse(ChaosInvariants.allUp(Map.of("a", full, "b", down), List.of("a", "b")));
        assertFalse(ChaosInvariants.allUp(Map.of("a", full), List.of("a", "b")), "a node that does not answer");
    }
}
