package io.gossippreflight.node.metrics;

import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.gossip.EndpointTable;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.gossip.Status;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.List;

/**
 * What the node's metrics say about membership, read at once on the node's loop so one scrape is
 * one consistent view.
 *
 * @param peers every endpoint the node knows, itself included
 * @param live endpoints up (this node while it gossips)
 * @param down endpoints the failure detector convicted, not left
 * @param left endpoints that left or were removed (LEFT, removed), kept until they expire
 * @param rounds gossip rounds run
 * @param lastRoundNanos how long the last round's work took on the loop
 */
public record MembershipView(List<Peer> peers, int live, int down, int left, long rounds, long lastRoundNanos) {
    /**
     * @param phi the failure detector's phi for the peer now, or null (this node, or no heartbeat yet)
     */
    public record Peer(String address, boolean self, boolean up, String status, int generation, int heartbeatVersion,
                       Double phi) {
    }

    public MembershipView {
        peers = List.copyOf(peers);
    }

    /** Call on the node's loop ({@link GossipNode#read}). */
    public static MembershipView of(GossipNode node) {
        EndpointTable t = node.gossiper().endpoints();
        var fd = node.gossiper().failureDetector();
        long now = node.gossiper().clock().nanoTime();
        InetAddressAndPort self = node.address();
        List<Peer> peers = new ArrayList<>();
        int live = 0;
        int down = 0;
        int left = 0;
        for (var e : t.snapshot().entrySet()) {
            InetAddressAndPort ep = e.getKey();
            PeerState p = e.getValue();
            boolean me = ep.equals(self);
            boolean up = me ? node.gossiper().isEnabled() : t.live().contains(ep);
            String status = p.status();
            if (Status.LEAVES_RING.contains(status)) {
                left++;
            } else if (up) {
                live++;
            } else {
                down++;
            }
            double f = me ? Double.NaN : fd.currentPhi(ep, now);
            Double phi = Double.isNaN(f) ? null : f;
            peers.add(new Peer(ep.toString(), me, up, status, p.generation(), p.state().heartBeat().version(), phi));
        }
        return new MembershipView(peers, live, down, left, node.gossiper().roundsRun(), node.gossiper().lastRoundNanos());
    }
}
