package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The verb handlers of one gossiper (Cassandra GossipDigestSynVerbHandler, ...AckVerbHandler,
 * ...Ack2VerbHandler, GossipShutdownVerbHandler, EchoVerbHandler): SYN gets an ACK with what
 * we want and what we have newer; ACK gets applied and answered with an ACK2.
 */
final class Handlers {
    private final Gossiper g;

    Handlers(Gossiper g) {
        this.g = g;
    }

    /** Handles one inbound message; must run on the loop. */
    void receive(InetAddressAndPort from, Message m) {
        Verb verb = m.verb();
        Payload p = m.payload();
        if (verb == null) {
            g.log.debug("Ignoring message with unknown verb id " + m.verbId() + " from " + from);
            return;
        }
        switch (verb) {
            case GOSSIP_DIGEST_SYN -> {
                if (p instanceof GossipDigestSyn syn) {
                    onSyn(from, syn);
                }
            }
            case GOSSIP_DIGEST_ACK -> {
                if (p instanceof GossipDigestAck ack) {
                    onAck(from, ack);
                }
            }
            case GOSSIP_DIGEST_ACK2 -> {
                if (p instanceof GossipDigestAck2 ack2) {
                    onAck2(ack2);
                }
            }
            case GOSSIP_SHUTDOWN -> onShutdown(from, p instanceof GossipShutdown gs ? gs : GossipShutdown.EMPTY);
            case ECHO_REQ -> {
                if (!g.stopped) {
                    g.send(from, new Message(m.id(), (int) g.clock.currentTimeMillis(), m.expiresInMillis(), Verb.ECHO_RSP,
                            NoPayload.INSTANCE));
                }
            }
            case ECHO_RSP -> g.echoes.onResponse(m.id());
            // Cassandra warms connections up with PING_REQ at start-up and waits for the answers
            case PING_REQ -> answer(from, m, Verb.PING_RSP, NoPayload.INSTANCE);
            // we hold no schema and say so; an unanswered pull would stall a bootstrapping Cassandra node (EmptySchema)
            case SCHEMA_PULL_REQ -> answer(from, m, Verb.SCHEMA_PULL_RSP, EmptySchema.pullResponse());
            case SCHEMA_VERSION_REQ -> answer(from, m, Verb.SCHEMA_VERSION_RSP, EmptySchema.versionResponse());
            default -> g.log.debug("Ignoring " + verb + " from " + from + " (not a gossip verb)");
        }
    }

    /** A response carries the request's id and expiry, as Cassandra's Message.responseWith does. */
    private void answer(InetAddressAndPort from, Message request, Verb verb, Payload payload) {
        if (!g.stopped) {
            g.send(from, new Message(request.id(), (int) g.clock.currentTimeMillis(), request.expiresInMillis(), verb, payload));
        }
    }

    private void onSyn(InetAddressAndPort from, GossipDigestSyn syn) {
        if (!g.enabled && g.shadow == null) {
            return;
        }
        if (!syn.clusterName().equals(g.config.clusterName())) {
            g.log.warn("ClusterName mismatch from " + from + " " + syn.clusterName() + "!=" + g.config.clusterName());
            return;
        }
        if (!syn.partitioner().equals(g.config.partitioner())) {
            g.log.warn("Partitioner mismatch from " + from + " " + syn.partitioner() + "!=" + g.config.partitioner());
            return;
        }
        if (!g.enabled) {
            // we are in our own shadow round: only a shadow SYN gets an answer, and a minimal one
            if (syn.digests().isEmpty()) {
                g.log.debug("Received a shadow round syn from " + from + " while in shadow round; responding with a minimal ack");
                g.send(from, g.gossipMessage(new GossipDigestAck(List.of(), List.of())));
            }
            return;
        }
        GossipDigestAck ack;
        if (syn.digests().isEmpty()) {
            List<AddressedState> all = new ArrayList<>(g.table.size());
            g.table.forEach((ep, ps) -> all.add(new AddressedState(ep, ps.state())));
            ack = new GossipDigestAck(List.of(), all);
        } else {
            Digests.Delta d = Digests.examine(syn.digests(), g.table::get, g.self);
            ack = new GossipDigestAck(d.requests(), d.sends());
        }
        g.send(from, g.gossipMessage(ack));
    }

    private void onAck(InetAddressAndPort from, GossipDigestAck ack) {
        if (!g.enabled && g.shadow == null) {
            return;
        }
        if (g.shadow != null) {
            g.shadow.onAck(from, ack);
            return;
        }
        if (!ack.states().isEmpty()) {
            if (!g.synSent || g.clock.nanoTime() - g.firstSynNanos < 0) {
                g.log.debug("Ignoring unrequested GossipDigestAck from " + from);
                return;
            }
            Map<InetAddressAndPort, EndpointState> m = ack.stateMap();
            g.applier.notifyFailureDetector(m);
            g.applier.applyStateLocally(m);
        }
        List<AddressedState> deltas = new ArrayList<>();
        for (GossipDigest d : ack.digests()) {
            int max = d.endpoint().equals(g.self) ? Digests.EMPTY_VERSION : d.maxVersion();
            EndpointState s = Digests.newerThan(g.table.get(d.endpoint()), max);
            if (s != null) {
                deltas.add(new AddressedState(d.endpoint(), s));
            }
        }
        g.send(from, g.gossipMessage(new GossipDigestAck2(deltas)));
    }

    private void onAck2(GossipDigestAck2 ack2) {
        if (!g.enabled) {
            return;
        }
        Map<InetAddressAndPort, EndpointState> m = ack2.stateMap();
        g.applier.notifyFailureDetector(m);
        g.applier.applyStateLocally(m);
    }

    private void onShutdown(InetAddressAndPort from, GossipShutdown msg) {
        if (!g.enabled) {
            g.log.debug("Ignoring shutdown message from " + from + " because gossip is disabled");
            return;
        }
        PeerState previous = g.table.get(from);
        if (previous == null) {
            return;
        }
        if (msg.state() == null) {
            g.markAsShutdown(from);
        } else if (previous.generation() <= msg.state().heartBeat().generation()) {
            g.markAsShutdown(from, msg.state());
        } else {
            g.log.debug("Ignoring shutdown message from " + from + " because generation "
                    + msg.state().heartBeat().generation() + " older than local " + previous.generation());
        }
    }
}
