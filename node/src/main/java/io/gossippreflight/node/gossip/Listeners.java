package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.List;

/** Fans events out to every registered listener. */
final class Listeners implements GossipListener {
    private final List<GossipListener> all = new ArrayList<>();

    void add(GossipListener l) {
        all.add(l);
    }

    @Override
    public void onUp(InetAddressAndPort ep) {
        all.forEach(l -> l.onUp(ep));
    }

    @Override
    public void onDown(InetAddressAndPort ep) {
        all.forEach(l -> l.onDown(ep));
    }

    @Override
    public void onStatesApplied(InetAddressAndPort ep) {
        all.forEach(l -> l.onStatesApplied(ep));
    }

    @Override
    public void onStatus(InetAddressAndPort ep, String oldStatus, String newStatus) {
        all.forEach(l -> l.onStatus(ep, oldStatus, newStatus));
    }

    @Override
    public void onRingChange() {
        all.forEach(GossipListener::onRingChange);
    }

    @Override
    public void onEvicted(InetAddressAndPort ep) {
        all.forEach(l -> l.onEvicted(ep));
    }
}
