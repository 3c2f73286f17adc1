package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import java.util.HashMap;
import java.util.Map;

/**
 * markAlive through ECHO (Cassandra Gossiper.markAlive): an endpoint we hear about is not
 * believed up until it answers an ECHO_REQ itself, so a stale rumour cannot mark a dead node
 * up. One echo in flight per endpoint and generation; unanswered ones are forgotten after the
 * request timeout so a later rumour can try again.
 */
final class Echoes {
    private record Inflight(long id, int generation) {
    }

    private final Gossiper g;
    private final Map<InetAddressAndPort, Inflight> byEndpoint = new HashMap<>();
    private final Map<Long, InetAddressAndPort> byId = new HashMap<>();

    Echoes(Gossiper g) {
        this.g = g;
    }

    void markAlive(InetAddressAndPort ep) {
        PeerState p = g.table.get(ep);
        if (p == null) {
            return;
        }
        g.table.put(ep, p.withAlive(false));
        Inflight prev = byEndpoint.get(ep);
        if (prev != null && prev.generation == p.generation()) {
            return; // already asked this incarnation
        }
        if (prev != null) {
            byId.remove(prev.id);
        }
        Message echo = g.echoRequest();
        Inflight now = new Inflight(echo.id(), p.generation());
        byEndpoint.put(ep, now);
        byId.put(echo.id(), ep);
        g.send(ep, echo);
        g.loop.schedule(g.config.echoTimeout(), () -> {
            if (byId.remove(now.id) != null) {
                byEndpoint.remove(ep, now);
                g.log.debug("ECHO_REQ to " + ep + " timed out");
            }
        });
    }

    void onResponse(long id) {
        InetAddressAndPort ep = byId.remove(id);
        if (ep == null) {
            return; // late, or for an endpoint since marked down
        }
        if (byEndpoint.remove(ep) != null) {
            g.realMarkAlive(ep);
        }
    }

    void forget(InetAddressAndPort ep) {
        Inflight i = byEndpoint.remove(ep);
        if (i != null) {
            byId.remove(i.id);
        }
    }
}
