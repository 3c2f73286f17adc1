package io.gossippreflight.node.lab;

import io.gossippreflight.node.admin.ClusterView;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold in a gossip cluster under chaos, checked on every view the test reads:
 * <ul>
 * <li>no endpoint is marked LEFT, removing or removed unless the test decommissioned, removed or
 * assassinated it;</li>
 * <li>a departed endpoint an observer saw LEFT never comes back (NORMAL or up) in that observer's
 * view — it may only disappear (evicted);</li>
 * <li>the generation an observer holds for an endpoint never goes back.</li>
 * </ul>
 * and, after a fault heals, {@link #allUp}: every live node sees every other live node UN. Pure
 * bookkeeping over views; thread-safe (the monitor and the test thread both call it).
 */
final class ChaosInvariants {
    private final Map<String, Integer> generations = new HashMap<>();
    private final Set<String> departed = new HashSet<>();
    private final Set<String> seenLeft = new HashSet<>();
    private final List<String> violations = new ArrayList<>();
    private long views;

    /** The test decommissioned, removed or assassinated {@code endpoint}: it may be seen departed. */
    synchronized void departed(String endpoint) {
        departed.add(endpoint);
    }

    synchronized void observe(String observer, ClusterView v) {
        views++;
        for (ClusterView.Endpoint e : v.endpoints()) {
            String key = observer + " -> " + e.address();
            Integer before = generations.put(key, e.generation());
            if (before != null && e.generation() < before) {
                violations.add(observer + " holds generation " + e.generation() + " for " + e.address() + " after "
                        + before + " (generations only grow)");
            }
            boolean departedState = isDeparted(e.gossipStatus());
            if (departedState && !departed.contains(e.address())) {
                violations.add(observer + " marks " + e.address() + " " + e.gossipStatus()
                        + " though nobody decommissioned, removed or assassinated it");
            }
            if (departedState) {
                seenLeft.add(key);
            } else if (seenLeft.contains(key)) {
                violations.add(observer + " saw " + e.address() + " LEFT, now " + e.status() + e.state() + " "
                        + e.gossipStatus() + " (a LEFT node resurrected)");
            }
        }
    }

    static boolean isDeparted(String gossipStatus) {
        return gossipStatus != null && (gossipStatus.startsWith("LEFT") || gossipStatus.startsWith("removed")
                || gossipStatus.startsWith("removing"));
    }

    /** Whether every view (one per live node) shows every live node as UN. */
    static boolean allUp(Map<String, ClusterView> views, Collection<String> live) {
        for (String observer : live) {
            ClusterView v = views.get(observer);
            if (v == null) {
                return false;
            }
            for (String other : live) {
                ClusterView.Endpoint e = v.endpoints().stream().filter(x -> x.address().equals(other)).findFirst().orElse(null);
                if (e == null || !"U".equals(e.status()) || !"N".equals(e.state())) {
                    return false;
                }
            }
        }
        return true;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized long views() {
        return views;
    }
}
