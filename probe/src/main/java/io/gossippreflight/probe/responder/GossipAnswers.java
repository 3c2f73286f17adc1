package io.gossippreflight.probe.responder;

import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a seed answers a SYN, over a fixed endpoint-state map, the way Cassandra 5.0.9 does
 * (gms/GossipDigestSynVerbHandler.java, gms/Gossiper.java examineGossiper and
 * getStateForVersionBiggerThan): a SYN of another cluster or partitioner is dropped; an empty
 * digest list (shadow round) gets every state; otherwise each digest is compared with the local
 * state — unknown or newer there: requested back; older there: our state (or the part newer
 * than its version) is sent. The map never changes: a responder is not a node.
 */
public final class GossipAnswers {
    /** Why a SYN was dropped, as Cassandra logs it. */
    public enum Drop {
        CLUSTER_NAME,
        PARTITIONER
    }

    /** The answer to a SYN: an ACK, or why there is none. */
    public record Answer(GossipDigestAck ack, Drop dropped, String reason) {
        public boolean isDropped() {
            return ack == null;
        }
    }

    private final String clusterName;
    private final String partitioner;
    private final InetAddressAndPort self;
    private final Map<InetAddressAndPort, EndpointState> states;

    public GossipAnswers(String clusterName, String partitioner, InetAddressAndPort self, List<AddressedState> states) {
        this.clusterName = Objects.requireNonNull(clusterName);
        this.partitioner = Objects.requireNonNull(partitioner);
        this.self = Objects.requireNonNull(self);
        Map<InetAddressAndPort, EndpointState> m = new LinkedHashMap<>();
        states.forEach(s -> m.put(s.endpoint(), s.state()));
        this.states = Map.copyOf(m);
        this.order = List.copyOf(m.keySet());
    }

    private final List<InetAddressAndPort> order;

    public Answer answer(GossipDigestSyn syn) {
        if (!syn.clusterName().equals(clusterName)) {
            return new Answer(null, Drop.CLUSTER_NAME, "ClusterName mismatch: '" + syn.clusterName() + "' != '" + clusterName + "'");
        }
        if (!syn.partitioner().equals(partitioner)) {
            return new Answer(null, Drop.PARTITIONER, "Partitioner mismatch: '" + syn.partitioner() + "' != '" + partitioner + "'");
        }
        if (syn.digests().isEmpty()) {
            List<AddressedState> all = new ArrayList<>();
            order.forEach(ep -> all.add(new AddressedState(ep, states.get(ep))));
            return new Answer(new GossipDigestAck(List.of(), all), null, "shadow round");
        }
        List<GossipDigest> requests = new ArrayList<>();
        List<AddressedState> deltas = new ArrayList<>();
        for (GossipDigest d : syn.digests()) {
            EndpointState local = states.get(d.endpoint());
            if (local == null) {
                requests.add(new GossipDigest(d.endpoint(), d.generation(), 0));
                continue;
            }
            int localGeneration = local.heartBeat().generation();
            int localMax = local.maxVersion();
            if (d.generation() == localGeneration && d.maxVersion() == localMax) {
                continue;
            }
            if (d.generation() > localGeneration) {
                requests.add(new GossipDigest(d.endpoint(), d.generation(), 0));
            } else if (d.generation() < localGeneration || d.endpoint().equals(self)) {
                add(deltas, d.endpoint(), newerThan(local, -1));
            } else if (d.maxVersion() > localMax) {
                requests.add(new GossipDigest(d.endpoint(), d.generation(), localMax));
            } else {
                add(deltas, d.endpoint(), newerThan(local, d.maxVersion()));
            }
        }
        return new Answer(new GossipDigestAck(requests, deltas), null, "normal");
    }

    private static void add(List<AddressedState> deltas, InetAddressAndPort ep, EndpointState s) {
        if (s != null) {
            deltas.add(new AddressedState(ep, s));
        }
    }

    /** The heartbeat and the states whose version is above {@code version}; null when nothing is. */
    static EndpointState newerThan(EndpointState s, int version) {
        boolean any = s.heartBeat().version() > version;
        EndpointState.Builder b = EndpointState.builder(s.table()).heartBeat(s.heartBeat());
        for (EndpointState.Entry e : s.entries()) {
            if (e.value().version() > version) {
                b.putOrdinal(e.ordinal(), e.value());
                any = true;
            }
        }
        return any ? b.build() : null;
    }

    public String clusterName() {
        return clusterName;
    }

    public String partitioner() {
        return partitioner;
    }

    /** Every endpoint this responder knows, itself first. */
    public List<InetAddressAndPort> endpoints() {
        return order;
    }
}
