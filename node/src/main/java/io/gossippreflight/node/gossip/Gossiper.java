package io.gossippreflight.node.gossip;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.fd.FailureDetector;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.Transport;
import io.gossippreflight.time.Cancellable;
import io.gossippreflight.time.Clock;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.AddressedState;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import io.gossippreflight.wire.gossip.HeartBeatState;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.VersionedValue;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * One node's gossip, with Cassandra's semantics (gms/Gossiper.java and the three
 * GossipDigest*VerbHandlers) and none of its globals: every collaborator comes in through the
 * constructor and every method runs on the node's event loop, so N gossipers can share a JVM
 * and a simulated clock. Membership bookkeeping lives in {@link EndpointTable}; the liveness
 * rules (echo, convict, shutdown) in this class; the periodic status check in {@link StatusCheck}.
 */
public final class Gossiper {
    final GossipConfig config;
    final InetAddressAndPort self;
    final Scheduler loop;
    final Clock clock;
    final NodeLog log;
    final Random random;
    final FailureDetector<InetAddressAndPort> fd;
    final VersionGenerator versions = new VersionGenerator();
    final EndpointTable table;
    final ApplicationStateTable stateTable;
    private final Transport transport;
    final List<InetAddressAndPort> configuredSeeds;
    private final boolean selfIsSeed;
    private final StatusCheck statusCheck;
    final Echoes echoes;
    private final Handlers handlers;
    final StateApplier applier;
    final Listeners listener = new Listeners();
    private long nextMessageId = 1;
    boolean enabled;
    boolean stopped;
    private Cancellable rounds;
    boolean synSent;
    long firstSynNanos;
    private long roundsRun;
    private long lastRoundNanos;
    ShadowRound shadow;

    public Gossiper(GossipConfig config, InetAddressAndPort self, Collection<InetAddressAndPort> seeds,
            Scheduler loop, Transport transport, Random random, NodeLog log) {
        this(config, self, seeds, loop, transport, random, log, ApplicationStateTable.CASSANDRA_5_0);
    }

    public Gossiper(GossipConfig config, InetAddressAndPort self, Collection<InetAddressAndPort> seeds,
            Scheduler loop, Transport transport, Random random, NodeLog log, ApplicationStateTable stateTable) {
        this.config = config;
        this.self = self;
        this.loop = loop;
        this.clock = loop.clock();
        this.transport = transport;
        this.random = random;
        this.log = log;
        this.stateTable = stateTable;
        this.fd = new FailureDetector<>(config, clock.nanoTime());
        this.selfIsSeed = seeds.contains(self);
        this.configuredSeeds = seeds.stream().filter(s -> !s.equals(self)).distinct().sorted(Addresses.ORDER).toList();
        this.table = new EndpointTable(this, configuredSeeds);
        this.statusCheck = new StatusCheck(this);
        this.echoes = new Echoes(this);
        this.handlers = new Handlers(this);
        this.applier = new StateApplier(this);
    }

    /** Adds a listener for membership events (called on the loop, in registration order). */
    public void addListener(GossipListener l) {
        listener.add(l);
    }

    public InetAddressAndPort self() {
        return self;
    }

    public GossipConfig config() {
        return config;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean isSeed() {
        return selfIsSeed;
    }

    public long roundsRun() {
        return roundsRun;
    }

    /** The clock of the node's loop (the failure detector's phi is read against it). */
    public Clock clock() {
        return clock;
    }

    /** How long the last round's work took on the loop (building and sending the SYNs, the status check). */
    public long lastRoundNanos() {
        return lastRoundNanos;
    }

    /** Read-only view of the membership tables (for status displays, tests and operations). */
    public EndpointTable endpoints() {
        return table;
    }

    public FailureDetector<InetAddressAndPort> failureDetector() {
        return fd;
    }

    // ---- lifecycle -------------------------------------------------------------------------

    /**
     * Remembers a peer known before this start (persisted peers; Cassandra addSavedEndpoint):
     * an empty, dead state that makes it an unreachable gossip target and a ring member.
     */
    public void addSavedEndpoint(InetAddressAndPort ep) {
        if (ep.equals(self)) {
            return;
        }
        EndpointState empty = new EndpointState(new HeartBeatState(0, Digests.EMPTY_VERSION), List.of(), stateTable);
        table.put(ep, new PeerState(empty, false, clock.nanoTime()));
        table.silentlyMarkDead(ep);
        table.addRingMember(ep);
    }

    /**
     * Runs the shadow round (Cassandra doShadowRound): empty SYNs to the seeds, retried, within
     * RING_DELAY (2 × for a non-seed). Completes with the first full ACK's states, or empty when
     * all seeds are themselves in a shadow round or we are a seed nobody answered; fails with
     * {@link ShadowRoundException} for a non-seed nobody answered.
     */
    public CompletableFuture<ShadowRound.Result> shadowRound(Collection<InetAddressAndPort> peers) {
        if (enabled || shadow != null) {
            throw new IllegalStateException("shadow round only before gossip starts, once at a time");
        }
        shadow = new ShadowRound(this, configuredSeeds, peers.stream().filter(p -> !p.equals(self)).toList(), selfIsSeed);
        CompletableFuture<ShadowRound.Result> f = shadow.start();
        f.whenComplete((r, e) -> shadow = null);
        return f;
    }

    /** Starts gossiping: our state at {@code generation} with {@code initialStates}, a round every interval. */
    public void start(int generation, Map<ApplicationState, String> initialStates) {
        if (enabled || stopped) {
            throw new IllegalStateException("gossiper already started");
        }
        EndpointState mine = new EndpointState(new HeartBeatState(generation, 0), List.of(), stateTable);
        table.put(self, new PeerState(mine, true, clock.nanoTime()));
        addLocalStates(initialStates);
        enabled = true;
        log.info("Gossip started with generation " + generation + (selfIsSeed ? " (seed)" : "")
                + ", seeds " + configuredSeeds);
        rounds = loop.scheduleWithFixedDelay(config.interval(), config.interval(), this::round);
    }

    /** Applies states learnt before starting (the shadow round's answer) as our first view. */
    public void applyFirstView(Map<InetAddressAndPort, EndpointState> states) {
        Map<InetAddressAndPort, EndpointState> others = new LinkedHashMap<>(states);
        others.remove(self);
        applier.notifyFailureDetector(others);
        applier.applyStateLocally(others);
    }

    /**
     * Graceful stop (Cassandra Gossiper.stop): unless our status is a silent one (LEFT, BOOT...)
     * or we never joined, set status shutdown, send GOSSIP_SHUTDOWN to every live peer, keep
     * gossiping for the announce delay, then stop rounds.
     */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        // like Cassandra's isShutdown: from now on no ECHO is answered, so nobody marks us up again
        stopped = true;
        PeerState me = table.get(self);
        if (enabled && me != null && !Status.isSilentShutdown(me.statusValue()) && table.isRingMember(self)) {
            log.info("Announcing shutdown");
            String shutdown = Status.shutdown();
            Map<ApplicationState, String> s = new LinkedHashMap<>();
            s.put(ApplicationState.STATUS_WITH_PORT, shutdown);
            s.put(ApplicationState.STATUS, shutdown);
            addLocalStates(s);
            Message m = gossipMessage(new GossipShutdown(table.get(self).state()));
            for (InetAddressAndPort ep : List.copyOf(table.live())) {
                send(ep, m);
            }
            loop.schedule(config.shutdownAnnounceDelay(), () -> {
                halt();
                done.complete(null);
            });
        } else {
            log.warn("No local state, state is in silent shutdown, or node hasn't joined, not announcing shutdown");
            halt();
            done.complete(null);
        }
        return done;
    }

    /** Stops rounds and answers at once, announcing nothing (the end of a stop, or a crash). */
    public void halt() {
        if (rounds != null) {
            rounds.cancel();
        }
        enabled = false;
        stopped = true;
    }

    // ---- local state -----------------------------------------------------------------------

    /** Sets our own application states, each with a fresh version, in the given order. */
    public void addLocalStates(Map<ApplicationState, String> values) {
        PeerState me = table.get(self);
        if (me == null) {
            throw new IllegalStateException("gossip not started");
        }
        String oldStatus = me.statusValue();
        EndpointState.Builder b = me.state().toBuilder();
        for (Map.Entry<ApplicationState, String> e : values.entrySet()) {
            b.put(e.getKey(), new VersionedValue(e.getValue(), versions.next()));
        }
        table.put(self, me.withState(b.build()));
        statusApplied(self, oldStatus, table.get(self).statusValue());
    }

    public EndpointState localState() {
        PeerState me = table.get(self);
        return me == null ? null : me.state();
    }

    // ---- the round -------------------------------------------------------------------------

    /** One gossip round (Cassandra GossipTask.run). */
    void round() {
        if (!enabled) {
            return;
        }
        roundsRun++;
        long start = clock.nanoTime();
        PeerState me = table.get(self);
        table.put(self, me.withHeartBeat(me.state().heartBeat().withVersion(versions.next())));
        List<GossipDigest> digests = new ArrayList<>(table.size());
        table.forEach((ep, p) -> digests.add(new GossipDigest(ep, p.generation(), p.maxVersion())));
        Message syn = gossipMessage(new GossipDigestSyn(config.clusterName(), config.partitioner(), digests));
        List<InetAddressAndPort> targets = RoundTargets.choose(List.copyOf(table.live()), table.unreachable().size(),
                table.unreachableCandidates(), table.seeds(), random);
        for (InetAddressAndPort to : targets) {
            if (!synSent) {
                synSent = true;
                firstSynNanos = clock.nanoTime();
            }
            send(to, syn);
        }
        statusCheck.run();
        lastRoundNanos = clock.nanoTime() - start;
    }

    // ---- inbound ---------------------------------------------------------------------------

    /** Handles one inbound message; must run on the loop. */
    public void receive(InetAddressAndPort from, Message m) {
        handlers.receive(from, m);
    }

    // ---- liveness --------------------------------------------------------------------------

    /** ECHO answered: the endpoint is up (Cassandra realMarkAlive). */
    void realMarkAlive(InetAddressAndPort ep) {
        PeerState p = table.get(ep);
        if (p == null) {
            return;
        }
        table.put(ep, p.withAlive(true).touched(clock.nanoTime()));
        table.markLive(ep);
        log.info("InetAddress " + ep + " is now UP");
        listener.onUp(ep);
    }

    /** Marks the endpoint down; {@code phi} is the conviction's phi, or null when not convicted. */
    void markDead(InetAddressAndPort ep, Double phi) {
        table.silentlyMarkDead(ep);
        echoes.forget(ep);
        log.info("InetAddress " + ep + " is now DOWN" + (phi == null ? ""
                : String.format(" (phi %.2f > phi_convict_threshold %.1f)", phi, config.phiConvictThreshold())));
        listener.onDown(ep);
    }

    /** The failure detector convicted {@code ep} (Cassandra Gossiper.convict). */
    void convict(InetAddressAndPort ep, double phi) {
        PeerState p = table.get(ep);
        if (p == null || !p.alive()) {
            return;
        }
        log.debug("Convicting " + ep + " with status " + p.status() + " - alive " + p.alive());
        if (Status.isShutdown(p.statusValue())) {
            markAsShutdown(ep);
        } else {
            markDead(ep, phi);
        }
    }

    /** A shutdown we learnt without its state (pre-5.0 peers): set it ourselves, unbeatable within its generation. */
    void markAsShutdown(InetAddressAndPort ep) {
        PeerState p = table.get(ep);
        if (p == null || p.state().entries().isEmpty()) {
            return;
        }
        String old = p.statusValue();
        EndpointState s = p.state().toBuilder()
                .put(ApplicationState.STATUS_WITH_PORT, new VersionedValue(Status.shutdown(), versions.next()))
                .put(ApplicationState.STATUS, new VersionedValue(Status.shutdown(), versions.next()))
                .put(ApplicationState.RPC_READY, new VersionedValue("false", versions.next()))
                .build();
        s = s.withHeartBeat(s.heartBeat().withVersion(Integer.MAX_VALUE));
        table.put(ep, p.withState(s));
        markShutdownDead(ep, old);
    }

    /** GOSSIP_SHUTDOWN with the sender's state (5.0): take it, forced to the highest version. */
    void markAsShutdown(InetAddressAndPort ep, EndpointState remote) {
        PeerState p = table.get(ep);
        if (p == null || p.state().entries().isEmpty()) {
            return;
        }
        if (!Status.isShutdown(PeerState.statusValue(remote)) || remote.get(ApplicationState.STATUS_WITH_PORT) == null) {
            log.warn("Ignoring GOSSIP_SHUTDOWN from " + ep + " without a shutdown STATUS_WITH_PORT: " + remote);
            return;
        }
        String old = p.statusValue();
        table.put(ep, p.withState(remote.withHeartBeat(remote.heartBeat().withVersion(Integer.MAX_VALUE))));
        markShutdownDead(ep, old);
    }

    private void markShutdownDead(InetAddressAndPort ep, String oldStatus) {
        markDead(ep, null);
        log.info("Node " + ep + " announced shutdown");
        statusApplied(ep, oldStatus, table.get(ep).statusValue());
    }

    // ---- membership (the part of Cassandra's StorageService gossip relies on) ---------------

    /** Reacts to a status change: ring membership, LEFT / removed excision with their expiry. */
    void statusApplied(InetAddressAndPort ep, String oldStatus, String newStatus) {
        if (newStatus == null || newStatus.equals(oldStatus)) {
            return;
        }
        if (!Status.name(newStatus).equals(Status.name(oldStatus))) {
            log.info("Node " + ep + " state is now " + Status.name(newStatus)
                    + (oldStatus == null ? "" : " (was " + Status.name(oldStatus) + ")"));
        }
        listener.onStatus(ep, oldStatus, newStatus);
        String name = Status.name(newStatus);
        if (Status.JOINS_RING.contains(name)) {
            if (table.addRingMember(ep)) {
                listener.onRingChange();
            }
        } else if (Status.LEAVES_RING.contains(name) && !ep.equals(self)) {
            excise(ep, newStatus);
        }
    }

    /** Takes a LEFT / removed endpoint out of the ring and quarantines it until its state expires. */
    void excise(InetAddressAndPort ep, String statusValue) {
        boolean wasMember = table.removeRingMember(ep);
        table.removeEndpoint(ep);
        echoes.forget(ep);
        Expiry.expireTimeOf(statusValue).ifPresent(t -> table.setExpireTime(ep, t));
        if (wasMember) {
            log.info("Removed " + ep + " from the ring (" + Status.name(statusValue) + ")");
            listener.onRingChange();
        }
    }

    /** Drops the endpoint from gossip entirely and quarantines it (Cassandra evictFromMembership). */
    void evict(InetAddressAndPort ep) {
        echoes.forget(ep);
        table.evict(ep);
        fd.remove(ep);
        log.info("Evicted " + ep + " from gossip");
        listener.onEvicted(ep);
    }

    // ---- messaging -------------------------------------------------------------------------

    Message gossipMessage(Payload payload) {
        return Message.gossip(nextMessageId++, clock.currentTimeMillis(), payload);
    }

    Message echoRequest() {
        return new Message(nextMessageId++, (int) clock.currentTimeMillis(), Message.RPC_TIMEOUT_MILLIS,
                Verb.ECHO_REQ, NoPayload.INSTANCE);
    }

    void send(InetAddressAndPort to, Message m) {
        transport.send(to, m);
    }
}
