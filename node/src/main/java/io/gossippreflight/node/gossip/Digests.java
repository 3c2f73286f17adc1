package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.HeartBeatState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Digest reconciliation as Cassandra does it (gms/Gossiper.java makeGossipDigest,
 * examineGossiper, getStateForVersionBiggerThan): pure functions over immutable states.
 */
public final class Digests {
    /** The version a peer uses to say "send me everything" (Cassandra HeartBeatState.EMPTY_VERSION). */
    public static final int EMPTY_VERSION = -1;

    private Digests() {
    }

    /** What a SYN receiver answers: digests it wants newer state for, and states it sends. */
    public record Delta(List<GossipDigest> requests, List<AddressedState> sends) {
        public Delta {
            requests = List.copyOf(requests);
            sends = List.copyOf(sends);
        }
    }

    /** One digest per known endpoint: its generation and highest version. */
    public static List<GossipDigest> of(Map<InetAddressAndPort, EndpointState> states) {
        List<GossipDigest> out = new ArrayList<>(states.size());
        states.forEach((ep, s) -> out.add(new GossipDigest(ep, s.heartBeat().generation(), s.maxVersion())));
        return out;
    }

    /**
     * The part of {@code local} newer than {@code version}: the heartbeat if newer, and every
     * state whose version is newer (carrying the current heartbeat along); null if nothing is.
     */
    public static EndpointState newerThan(EndpointState local, int version) {
        if (local == null) {
            return null;
        }
        HeartBeatState hb = local.heartBeat();
        boolean any = hb.version() > version;
        List<EndpointState.Entry> entries = new ArrayList<>();
        for (EndpointState.Entry e : local.entries()) {
            if (e.value().version() > version) {
                entries.add(e);
                any = true;
            }
        }
        return any ? new EndpointState(hb, entries, local.table()) : null;
    }

    /** As {@link #newerThan(EndpointState, int)}, skipping the scan when only the heartbeat can be newer. */
    public static EndpointState newerThan(PeerState local, int version) {
        if (local == null) {
            return null;
        }
        if (local.maxStateVersion() <= version) {
            EndpointState s = local.state();
            return s.heartBeat().version() > version ? new EndpointState(s.heartBeat(), List.of(), s.table()) : null;
        }
        return newerThan(local.state(), version);
    }

    /**
     * Compares a SYN's digests with our states. Equal generation and version: nothing. Remote
     * generation newer, or an endpoint we do not know: ask for everything (version 0). Ours
     * newer, or the digest is about us: send everything. Same generation: ask for what is newer
     * there, or send what is newer here.
     */
    public static Delta examine(List<GossipDigest> remote, Function<InetAddressAndPort, PeerState> local,
            InetAddressAndPort self) {
        List<GossipDigest> requests = new ArrayList<>();
        List<AddressedState> sends = new ArrayList<>();
        for (GossipDigest d : remote) {
            PeerState known = local.apply(d.endpoint());
            if (known == null) {
                requests.add(new GossipDigest(d.endpoint(), d.generation(), 0));
                continue;
            }
            int localGeneration = known.generation();
            int localMax = known.maxVersion();
            if (d.generation() == localGeneration && d.maxVersion() == localMax) {
                continue;
            }
            if (d.generation() > localGeneration) {
                requests.add(new GossipDigest(d.endpoint(), d.generation(), 0));
            } else if (d.generation() < localGeneration || d.endpoint().equals(self)) {
                addIfAny(sends, d.endpoint(), newerThan(known, EMPTY_VERSION));
            } else if (d.maxVersion() > localMax) {
                requests.add(new GossipDigest(d.endpoint(), d.generation(), localMax));
            } else {
                addIfAny(sends, d.endpoint(), newerThan(known, d.maxVersion()));
            }
        }
        return new Delta(requests, sends);
    }

    private static void addIfAny(List<AddressedState> sends, InetAddressAndPort ep, EndpointState s) {
        if (s != null) {
            sends.add(new AddressedState(ep, s));
        }
    }
}
