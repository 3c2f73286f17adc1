package io.gossippreflight.node;

import io.gossippreflight.node.gossip.GossipListener;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.net.Security;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.VersionedValue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Where peers sit, as gossip says (their DC and RACK states), for the transport's per-peer
 * choices (internode_compression and internode_encryption {@code dc}/{@code rack}). Kept in a
 * map the transport reads from any thread, updated on the node's loop as states arrive, before
 * anything is sent to a peer because of them: a peer's first connection is opened knowing its DC
 * whenever gossip told us (otherwise a same-DC peer counts as another DC, and keeps LZ4 or TLS).
 */
public final class PeerPlacements {
    private PeerPlacements() {
    }

    /** The placements {@code node}'s gossip knows, current from then on. */
    public static Function<InetAddressAndPort, Security.Placement> of(GossipNode node) {
        Map<InetAddressAndPort, Security.Placement> known = new ConcurrentHashMap<>();
        Runnable refresh = () -> node.gossiper().endpoints().forEach((ep, ps) -> put(known, ep, ps));
        node.gossiper().addListener(new GossipListener() {
            @Override
            public void onStatesApplied(InetAddressAndPort ep) {
                // before the first message to ep (its ECHO) opens our connection: Cassandra's snitch reads
                // the endpoint state the same moment (Cassandra 5.0.9 OutboundConnectionSettings.isInLocalDC)
                PeerState ps = node.gossiper().endpoints().get(ep);
                if (ps != null) {
                    put(known, ep, ps);
                }
            }

            @Override
            public void onUp(InetAddressAndPort ep) {
                refresh.run();
            }

            @Override
            public void onStatus(InetAddressAndPort ep, String oldStatus, String newStatus) {
                refresh.run();
            }
        });
        return ep -> known.getOrDefault(ep, Security.Placement.UNKNOWN);
    }

    private static void put(Map<InetAddressAndPort, Security.Placement> known, InetAddressAndPort ep, PeerState ps) {
        VersionedValue dc = ps.state().get(ApplicationState.DC);
        VersionedValue rack = ps.state().get(ApplicationState.RACK);
        if (dc != null) {
            known.put(ep, new Security.Placement(dc.value(), rack == null ? null : rack.value()));
        }
    }
}
