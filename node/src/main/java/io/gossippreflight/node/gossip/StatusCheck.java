package io.gossippreflight.node.gossip;

import io.gossippreflight.node.fd.FailureDetector;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of every round (Cassandra Gossiper.doStatusCheck): interpret the failure detector for
 * each peer, drop silent fat clients, evict dead non-members whose LEFT / removed state
 * expired, and end quarantines.
 */
final class StatusCheck {
    private final Gossiper g;
    private boolean inPause;

    StatusCheck(Gossiper g) {
        this.g = g;
    }

    void run() {
        long nowNanos = g.clock.nanoTime();
        long now = g.clock.currentTimeMillis();
        boolean paused = false;
        List<InetAddressAndPort> eps = new ArrayList<>(g.table.size());
        g.table.forEach((ep, p) -> eps.add(ep));
        for (InetAddressAndPort ep : eps) {
            if (ep.equals(g.self)) {
                continue;
            }
            FailureDetector.Verdict v = g.fd.interpret(ep, nowNanos);
            switch (v.outcome()) {
                case CONVICT -> g.convict(ep, v.scaledPhi());
                case LOCAL_PAUSE -> paused = true;
                default -> {
                }
            }
            PeerState p = g.table.get(ep);
            if (p == null) {
                continue;
            }
            boolean gossipOnly = !Status.isDead(p.statusValue()) && !g.table.isRingMember(ep);
            long timeout = (Status.isBootstrapping(p.statusValue()) ? g.config.failedBootstrapTimeout()
                    : g.config.fatClientTimeout()).toNanos();
            if (Expiry.fatClientExpired(gossipOnly, g.table.isQuarantined(ep), nowNanos - p.updateNanos(), timeout)) {
                g.log.info("FatClient " + ep + " has been silent for " + timeout / 1_000_000 + "ms, removing from gossip");
                g.table.removeEndpoint(ep);
                g.evict(ep);
                continue;
            }
            Long expire = g.table.expireTime(ep);
            long expireAt = expire != null ? expire : now + g.config.leftExpiry().toMillis();
            if (Expiry.shouldEvict(p.alive(), g.table.isRingMember(ep), now, expireAt)) {
                g.log.debug("time is expiring for endpoint : " + ep + " (" + expireAt + ")");
                g.evict(ep);
            }
        }
        if (paused && !inPause) {
            g.log.warn("Not marking nodes down due to local pause of more than " + g.config.maxLocalPause().toMillis() + "ms");
        }
        inPause = paused;
        g.table.expireQuarantines(now, g.config.quarantineDelay().toMillis());
    }
}
