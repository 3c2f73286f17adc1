package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The membership tables of one gossiper, named after Cassandra's (gms/Gossiper.java):
 * endpointStateMap, liveEndpoints, unreachableEndpoints (with the time they went down),
 * justRemovedEndpoints (quarantine), expireTimeEndpointMap, plus the ring members (token
 * owners, which StorageService tracks in Cassandra). Changed only on the node's loop.
 */
public final class EndpointTable {
    private final Gossiper g;
    private final Map<InetAddressAndPort, PeerState> states = new LinkedHashMap<>();
    // insertion-ordered, not sorted: deterministic for a given history and cheap (rounds pick from them)
    private final Set<InetAddressAndPort> live = new LinkedHashSet<>();
    private final Map<InetAddressAndPort, Long> unreachable = new LinkedHashMap<>();
    private final Map<InetAddressAndPort, Long> quarantine = new HashMap<>();
    private final Map<InetAddressAndPort, Long> expireTimes = new HashMap<>();
    private final Set<InetAddressAndPort> ringMembers = new HashSet<>();
    private final List<InetAddressAndPort> seeds;

    EndpointTable(Gossiper g, List<InetAddressAndPort> seeds) {
        this.g = g;
        this.seeds = new ArrayList<>(seeds);
    }

    // ---- reads (also used by status displays) -----------------------------------------------

    public PeerState get(InetAddressAndPort ep) {
        return states.get(ep);
    }

    public int size() {
        return states.size();
    }

    /** Snapshot of every endpoint's state, ours included, in the order learnt. */
    public Map<InetAddressAndPort, PeerState> snapshot() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(states));
    }

    public void forEach(BiConsumer<InetAddressAndPort, PeerState> f) {
        states.forEach(f);
    }

    /** Live peers (not us), in the order they came up. */
    public Set<InetAddressAndPort> live() {
        return Collections.unmodifiableSet(live);
    }

    /** Unreachable peers and since when (monotonic nanos). */
    public Map<InetAddressAndPort, Long> unreachable() {
        return Collections.unmodifiableMap(unreachable);
    }

    /** Unreachable peers not in a dead state: the candidates for the round's extra SYN. */
    public List<InetAddressAndPort> unreachableCandidates() {
        List<InetAddressAndPort> out = new ArrayList<>();
        for (InetAddressAndPort ep : unreachable.keySet()) {
            PeerState p = states.get(ep);
            if (p != null && !Status.isDead(p.statusValue())) {
                out.add(ep);
            }
        }
        return out;
    }

    /** Seeds other than us still in use (a removed seed is dropped, as in Cassandra). */
    public List<InetAddressAndPort> seeds() {
        return Collections.unmodifiableList(seeds);
    }

    public boolean isQuarantined(InetAddressAndPort ep) {
        return quarantine.containsKey(ep);
    }

    public Set<InetAddressAndPort> quarantined() {
        return Collections.unmodifiableSet(quarantine.keySet());
    }

    public boolean isRingMember(InetAddressAndPort ep) {
        return ringMembers.contains(ep);
    }

    public Set<InetAddressAndPort> ringMembers() {
        return Collections.unmodifiableSet(ringMembers);
    }

    /** The wall-clock time (ms) the endpoint's LEFT / removed state expires, if one is set. */
    public Long expireTime(InetAddressAndPort ep) {
        return expireTimes.get(ep);
    }

    /** Alive and not in a dead state (Cassandra Gossiper.isAlive). */
    public boolean isAlive(InetAddressAndPort ep) {
        PeerState p = states.get(ep);
        return p != null && p.alive() && !Status.isDead(p.statusValue());
    }

    // ---- changes (loop only) -----------------------------------------------------------------

    void put(InetAddressAndPort ep, PeerState p) {
        states.put(ep, p);
    }

    void markLive(InetAddressAndPort ep) {
        live.add(ep);
        unreachable.remove(ep);
        expireTimes.remove(ep);
    }

    void silentlyMarkDead(InetAddressAndPort ep) {
        PeerState p = states.get(ep);
        if (p != null) {
            states.put(ep, p.withAlive(false));
        }
        live.remove(ep);
        unreachable.put(ep, g.clock.nanoTime());
    }

    boolean addRingMember(InetAddressAndPort ep) {
        return ringMembers.add(ep);
    }

    boolean removeRingMember(InetAddressAndPort ep) {
        return ringMembers.remove(ep);
    }

    void setExpireTime(InetAddressAndPort ep, long wallMillis) {
        expireTimes.put(ep, wallMillis);
    }

    void quarantine(InetAddressAndPort ep) {
        quarantine.put(ep, g.clock.currentTimeMillis());
    }

    /** Ends quarantines older than the quarantine delay. */
    void expireQuarantines(long nowMillis, long delayMillis) {
        quarantine.entrySet().removeIf(e -> {
            boolean over = Expiry.quarantineOver(nowMillis, e.getValue(), delayMillis);
            if (over) {
                g.log.debug(delayMillis + "ms elapsed, " + e.getKey() + " gossip quarantine over");
            }
            return over;
        });
    }

    /** Out of the live/unreachable sets and quarantined; the state stays until it expires (Cassandra removeEndpoint). */
    void removeEndpoint(InetAddressAndPort ep) {
        if (seeds.remove(ep)) {
            g.log.info("Removed " + ep + " from seeds, updated seeds list = " + seeds);
        }
        live.remove(ep);
        unreachable.remove(ep);
        quarantine(ep);
    }

    /** Forgets the endpoint entirely and quarantines it (Cassandra evictFromMembership). */
    void evict(InetAddressAndPort ep) {
        live.remove(ep);
        unreachable.remove(ep);
        states.remove(ep);
        expireTimes.remove(ep);
        ringMembers.remove(ep);
        quarantine(ep);
    }
}
