package io.gossippreflight.node.sim;

import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.GossipNode;
import io.gossippreflight.node.NodeSettings;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.log.MemoryLog;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.InMemoryNetwork;
import io.gossippreflight.node.store.MemoryPersistence;
import io.gossippreflight.time.Randoms;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Predicate;

/**
 * Many {@link GossipNode}s in one JVM on a {@link SimulatedTime} and an {@link InMemoryNetwork},
 * everything derived from one seed: the same seed replays the same run. Nodes can be started,
 * killed (kill -9), restarted with their persisted state, paused; the network can lose, delay
 * and partition. Used by the simulation tests and the gossip benchmark.
 */
public final class SimCluster {
    /** One simulated host: its address, what survives restarts, and its current incarnation. */
    public static final class Host {
        private final InetAddressAndPort address;
        private final MemoryPersistence persistence = new MemoryPersistence();
        private SimScheduler loop;
        private GossipNode node;
        private NodeLog log = NodeLog.NONE;
        private int incarnation;

        Host(InetAddressAndPort address) {
            this.address = address;
        }

        public InetAddressAndPort address() {
            return address;
        }

        public GossipNode node() {
            return node;
        }

        public SimScheduler loop() {
            return loop;
        }

        public NodeLog log() {
            return log;
        }

        public boolean running() {
            return node != null && node.mode() != GossipNode.Mode.STOPPED && node.mode() != GossipNode.Mode.DECOMMISSIONED;
        }
    }

    /** Something one host observed about another, with the simulated time it happened. */
    public record Event(Duration at, long nanos, InetAddressAndPort observer, String what, InetAddressAndPort subject, String detail) {
    }

    private final List<Event> events = new ArrayList<>();
    private final long seed;
    private final SimulatedTime time;
    private final InMemoryNetwork network;
    private final GossipConfig config;
    private final Map<InetAddressAndPort, Host> hosts = new LinkedHashMap<>();
    private final List<InetAddressAndPort> seeds = new ArrayList<>();
    private int numTokens = 4;
    private NodeLog.Level logLevel;
    private boolean recordEvents = true;

    public SimCluster(long seed, GossipConfig config) {
        this.seed = seed;
        this.config = config;
        this.time = new SimulatedTime(1_700_000_000_000L);
        this.network = new InMemoryNetwork(Randoms.derive(seed, "network").nextLong());
    }

    public SimulatedTime time() {
        return time;
    }

    public InMemoryNetwork network() {
        return network;
    }

    public GossipConfig config() {
        return config;
    }

    /** Tokens per node (small keeps big simulations fast; realism comes from the state count). */
    public SimCluster numTokens(int n) {
        this.numTokens = n;
        return this;
    }

    /** Whether to keep the event list (big benchmarks switch it off to save memory). */
    public SimCluster recordEvents(boolean on) {
        this.recordEvents = on;
        return this;
    }

    /** Keep each node's log in memory at this level (null: discard logs). */
    public SimCluster logs(NodeLog.Level level) {
        this.logLevel = level;
        return this;
    }

    /** The address of host {@code i} (10.0.0.1 upwards, port 7000). */
    public static InetAddressAndPort address(int i) {
        int n = i + 1;
        return InetAddressAndPort.of(new byte[] {10, (byte) (n >> 16), (byte) (n >> 8), (byte) n}, 7000);
    }

    /** Adds {@code n} hosts; the first {@code seedCount} are the seeds of everyone. */
    public List<Host> addHosts(int n, int seedCount) {
        List<Host> added = new ArrayList<>();
        int base = hosts.size();
        for (int i = 0; i < n; i++) {
            InetAddressAndPort a = address(base + i);
            Host h = new Host(a);
            hosts.put(a, h);
            added.add(h);
            if (seeds.size() < seedCount) {
                seeds.add(a);
            }
        }
        return added;
    }

    public Host host(InetAddressAndPort a) {
        Host h = hosts.get(a);
        if (h == null) {
            throw new IllegalArgumentException("no host " + a);
        }
        return h;
    }

    public Host host(int i) {
        return host(address(i));
    }

    public List<Host> hosts() {
        return List.copyOf(hosts.values());
    }

    public List<Host> running() {
        return hosts.values().stream().filter(Host::running).toList();
    }

    /** Starts (or restarts) a host: a new loop, transport and node over its persisted state. */
    public CompletableFuture<Void> start(Host h) {
        h.incarnation++;
        String name = h.address + "#" + h.incarnation;
        h.loop = time.newScheduler(name);
        h.log = logLevel == null ? NodeLog.NONE : new MemoryLog(logLevel);
        var transport = network.attach(h.address, h.loop);
        NodeSettings s = NodeSettings.of(h.address, seeds, numTokens, config);
        h.node = new GossipNode(s, h.loop, transport, Randoms.derive(seed, name), h.log, h.persistence);
        GossipNode node = h.node;
        transport.start((from, m) -> node.gossiper().receive(from, m));
        InetAddressAndPort me = h.address;
        if (recordEvents) {
            listen(node, me);
        }
        return node.start();
    }

    private void listen(GossipNode node, InetAddressAndPort me) {
        node.gossiper().addListener(new io.gossippreflight.node.gossip.GossipListener() {
            @Override
            public void onUp(InetAddressAndPort ep) {
                events.add(new Event(time.elapsed(), time.nanoTime(), me, "UP", ep, null));
            }

            @Override
            public void onDown(InetAddressAndPort ep) {
                events.add(new Event(time.elapsed(), time.nanoTime(), me, "DOWN", ep, null));
            }

            @Override
            public void onStatus(InetAddressAndPort ep, String oldStatus, String newStatus) {
                events.add(new Event(time.elapsed(), time.nanoTime(), me, "STATUS", ep, newStatus));
            }

            @Override
            public void onEvicted(InetAddressAndPort ep) {
                events.add(new Event(time.elapsed(), time.nanoTime(), me, "EVICTED", ep, null));
            }
        });
    }

    /** Starts every host, one every {@code stagger} (seeds first, as they were added). */
    public void startAll(Duration stagger) {
        for (Host h : hosts.values()) {
            start(h);
            time.advance(stagger);
        }
    }

    /** kill -9: the node stops at once; peers find out through the failure detector. */
    public void kill(Host h) {
        h.node.kill();
    }

    /** Advances until {@code done} holds or fails after {@code max} of simulated time. */
    public Duration until(java.util.function.BooleanSupplier done, Duration max) {
        // cluster-wide conditions cost O(N^2): check every 100 ms of simulated time
        return time.advanceUntil(done, max, Duration.ofMillis(100));
    }

    public void run(Duration d) {
        time.advance(d);
    }

    /** What {@code observer} holds about {@code subject} (null if nothing). */
    public PeerState view(Host observer, Host subject) {
        return observer.node.gossiper().endpoints().get(subject.address);
    }

    /** True when every running host satisfies {@code p} about every host in {@code subjects}. */
    public boolean allSee(List<Host> subjects, BiPredicate<Host, Host> p) {
        for (Host o : running()) {
            for (Host s : subjects) {
                if (o != s && !p.test(o, s)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** True when every running host considers every other running host up. */
    public boolean converged() {
        List<Host> r = running();
        return allSee(r, (o, s) -> o.node.gossiper().endpoints().live().contains(s.address));
    }

    /** Every event so far, in order. */
    public List<Event> events() {
        return List.copyOf(events);
    }

    /** Events of one kind about one subject. */
    public List<Event> events(String what, InetAddressAndPort subject) {
        return events.stream().filter(e -> e.what.equals(what) && e.subject.equals(subject)).toList();
    }

    public long count(Predicate<Host> p) {
        return running().stream().filter(p).count();
    }
}
