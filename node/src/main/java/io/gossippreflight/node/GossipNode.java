package io.gossippreflight.node;

import io.gossippreflight.node.gossip.EmptySchema;
import io.gossippreflight.node.gossip.GossipListener;
import io.gossippreflight.node.gossip.Gossiper;
import io.gossippreflight.node.gossip.PeerState;
import io.gossippreflight.node.gossip.RingOperations;
import io.gossippreflight.node.gossip.ShadowRound;
import io.gossippreflight.node.gossip.Status;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.node.net.Transport;
import io.gossippreflight.node.store.NodePersistence;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.gossip.ApplicationState;
import io.gossippreflight.wire.gossip.EndpointState;
import io.gossippreflight.wire.gossip.HostAndPort;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.gossip.Token;
import io.gossippreflight.wire.gossip.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A whole gossip node: the gossiper plus the part of Cassandra's StorageService that gossip
 * shows (generation and tokens from storage, shadow round, BOOT → NORMAL, decommission, the
 * states a Cassandra node advertises). Every public method may be called from any thread; the
 * work runs on the node's loop and the returned future completes there.
 */
public final class GossipNode {
    /** Cassandra's operation modes, as far as gossip shows them. */
    public enum Mode {
        STARTING, JOINING, NORMAL, LEAVING, DECOMMISSIONED, STOPPED
    }

    private final NodeSettings settings;
    private final Scheduler loop;
    private final Transport transport;
    private final Random random;
    private final NodeLog log;
    private final NodePersistence persistence;
    private final Gossiper gossiper;
    private final RingOperations operations;
    private volatile Mode mode = Mode.STOPPED;
    private volatile String progress = "";
    private volatile ShadowRound.Result shadowResult;
    private UUID hostId;
    private List<Long> tokens = List.of();
    private int generation;
    private boolean peersSaveScheduled;

    public GossipNode(NodeSettings settings, Scheduler loop, Transport transport, Random random, NodeLog log,
            NodePersistence persistence) {
        this.settings = settings;
        this.loop = loop;
        this.transport = transport;
        this.random = random;
        this.log = log;
        this.persistence = persistence;
        this.gossiper = new Gossiper(settings.gossip(), settings.address(), settings.seeds(), loop, transport, random, log);
        this.operations = new RingOperations(gossiper);
        gossiper.addListener(new GossipListener() {
            @Override
            public void onRingChange() {
                // a joining cluster changes the ring N times in a burst: write the file once per round at most
                if (!peersSaveScheduled) {
                    peersSaveScheduled = true;
                    loop.schedule(settings.gossip().interval(), () -> {
                        peersSaveScheduled = false;
                        savePeers();
                    });
                }
            }
        });
    }

    public NodeSettings settings() {
        return settings;
    }

    public Gossiper gossiper() {
        return gossiper;
    }

    public InetAddressAndPort address() {
        return settings.address();
    }

    public Mode mode() {
        return mode;
    }

    /** What a long operation is doing now (nodetool's operation mode detail). */
    public String progress() {
        return progress;
    }

    public UUID hostId() {
        return hostId;
    }

    public int generation() {
        return generation;
    }

    public List<Long> tokens() {
        return tokens;
    }

    public ShadowRound.Result shadowResult() {
        return shadowResult;
    }

    /**
     * Starts: generation and identity from storage, saved peers, shadow round, gossip; then
     * NORMAL at once (a seed, or a restart), or BOOT for RING_DELAY first (a new node joining).
     * Completes when gossip runs; fails if the shadow round fails or the address is taken.
     */
    public CompletableFuture<Void> start() {
        return onLoop(() -> {
            if (mode != Mode.STOPPED) {
                throw new IllegalStateException("node already started");
            }
            if (persistence.decommissioned()) {
                throw new NodeInputException("This node was decommissioned and will not rejoin the ring; "
                        + "wipe its data directory to start it as a new node");
            }
            mode = Mode.STARTING;
            generation = persistence.nextGeneration(loop.clock().currentTimeMillis() / 1000);
            hostId = persistence.hostId(random);
            tokens = persistence.tokens(settings.numTokens(), random);
            List<InetAddressAndPort> peers = savedPeers();
            log.info("Starting node " + settings.address() + " host ID " + hostId + ", generation " + generation
                    + ", " + tokens.size() + " tokens" + (peers.isEmpty() ? "" : ", " + peers.size() + " saved peers"));
            return gossiper.shadowRound(peers).thenAccept(result -> {
                shadowResult = result;
                checkEndpointCollision(result);
                gossiper.start(generation, initialStates());
                peers.forEach(gossiper::addSavedEndpoint);
                gossiper.applyFirstView(result.states());
                if (persistence.bootstrapped() || settings.isSeed()) {
                    becomeNormal();
                } else {
                    bootstrap();
                }
            }).whenComplete((v, e) -> {
                if (e != null) {
                    mode = Mode.STOPPED;
                }
            });
        });
    }

    private void checkEndpointCollision(ShadowRound.Result result) {
        EndpointState mine = result.states().get(settings.address());
        if (mine == null || Status.isDead(PeerState.statusValue(mine))) {
            return;
        }
        var id = mine.get(ApplicationState.HOST_ID);
        if (id != null && !id.value().equals(hostId.toString())) {
            throw new NodeInputException("A node with address " + settings.address() + " already exists with host ID "
                    + id.value() + " (ours is " + hostId + "), cancelling join; stop the other node or use another address");
        }
    }

    private void bootstrap() {
        mode = Mode.JOINING;
        String first = String.valueOf(tokens.get(0));
        Map<ApplicationState, String> s = new LinkedHashMap<>();
        s.put(ApplicationState.TOKENS, tokensValue());
        s.put(ApplicationState.STATUS_WITH_PORT, Status.boot(first));
        s.put(ApplicationState.STATUS, Status.boot(first));
        gossiper.addLocalStates(s);
        progress = "JOINING: sleeping " + settings.gossip().ringDelay().toMillis() + " ms for pending range setup";
        log.info(progress);
        loop.schedule(settings.gossip().ringDelay(), () -> {
            if (mode == Mode.JOINING) {
                becomeNormal();
            }
        });
    }

    private void becomeNormal() {
        String first = String.valueOf(tokens.get(0));
        Map<ApplicationState, String> s = new LinkedHashMap<>();
        s.put(ApplicationState.TOKENS, tokensValue());
        s.put(ApplicationState.STATUS_WITH_PORT, Status.normal(first));
        s.put(ApplicationState.STATUS, Status.normal(first));
        s.put(ApplicationState.RPC_READY, "false"); // no client protocol here: drivers must not connect
        gossiper.addLocalStates(s);
        persistence.markBootstrapped();
        mode = Mode.NORMAL;
        progress = "";
        log.info("Node " + settings.address() + " state jump to NORMAL");
    }

    /** The states a Cassandra 5.0 node advertises at start, with this node's values. */
    private Map<ApplicationState, String> initialStates() {
        String host = settings.address().address().getHostAddress();
        String hostPort = (settings.address().isIpv6() ? "[" + host + "]" : host) + ":" + settings.nativePort();
        Map<ApplicationState, String> s = new LinkedHashMap<>();
        s.put(ApplicationState.NET_VERSION, String.valueOf(settings.messagingVersion()));
        s.put(ApplicationState.HOST_ID, hostId.toString());
        s.put(ApplicationState.RPC_ADDRESS, host);
        s.put(ApplicationState.RELEASE_VERSION, settings.releaseVersion());
        s.put(ApplicationState.NATIVE_ADDRESS_AND_PORT, hostPort);
        s.put(ApplicationState.DC, settings.dc());
        s.put(ApplicationState.RACK, settings.rack());
        s.put(ApplicationState.SSTABLE_VERSIONS, "big-nb");
        s.put(ApplicationState.SCHEMA, EmptySchema.VERSION.toString());
        s.put(ApplicationState.LOAD, "0.0");
        return s;
    }

    private String tokensValue() {
        List<Token> ts = new ArrayList<>(tokens.size());
        tokens.forEach(t -> ts.add(Token.murmur3(t)));
        return Tokens.toValue(ts);
    }

    /**
     * decommission (Cassandra StorageService.decommission): LEAVING, wait RING_DELAY, LEFT with
     * its expiry, announce it for RING_DELAY, then stop gossip without a shutdown message.
     */
    public CompletableFuture<String> decommission() {
        return onLoop(() -> {
            if (mode != Mode.NORMAL) {
                throw new io.gossippreflight.node.gossip.OperationRefusedException("Node in " + mode
                        + " state; wait for status to become normal or restart");
            }
            long members = gossiper.endpoints().ringMembers().size();
            if (members < 2) {
                throw new io.gossippreflight.node.gossip.OperationRefusedException(
                        "no other normal nodes in the ring; decommission would be pointless");
            }
            CompletableFuture<String> done = new CompletableFuture<>();
            String first = String.valueOf(tokens.get(0));
            mode = Mode.LEAVING;
            gossiper.addLocalStates(statusBoth(Status.leaving(first)));
            Duration ring = settings.gossip().ringDelay();
            progress = "LEAVING: sleeping " + ring.toMillis() + " ms for batch processing and pending range setup";
            log.info(progress);
            loop.schedule(ring, () -> {
                long expire = loop.clock().currentTimeMillis() + settings.gossip().leftExpiry().toMillis();
                gossiper.addLocalStates(statusBoth(Status.left(first, expire)));
                Duration announce = ring.compareTo(settings.gossip().interval().multipliedBy(2)) > 0 ? ring
                        : settings.gossip().interval().multipliedBy(2);
                progress = "LEAVING: announcing that I have left the ring for " + announce.toMillis() + "ms";
                log.info("Announcing that I have left the ring for " + announce.toMillis() + "ms");
                loop.schedule(announce, () -> gossiper.stop().thenRun(() -> {
                    persistence.markDecommissioned();
                    transport.close();
                    mode = Mode.DECOMMISSIONED;
                    progress = "";
                    log.info("DECOMMISSIONED");
                    done.complete("Decommissioned " + settings.address());
                }));
            });
            return done;
        });
    }

    private static Map<ApplicationState, String> statusBoth(String value) {
        Map<ApplicationState, String> s = new LinkedHashMap<>();
        s.put(ApplicationState.STATUS_WITH_PORT, value);
        s.put(ApplicationState.STATUS, value);
        return s;
    }

    public CompletableFuture<String> removeNode(UUID hostIdToRemove) {
        return onLoop(() -> operations.removeNode(hostIdToRemove));
    }

    public CompletableFuture<String> assassinate(InetAddressAndPort ep) {
        return onLoop(() -> operations.assassinate(ep));
    }

    /** Graceful stop: announce shutdown (unless LEFT/BOOT...), then close the transport. */
    public CompletableFuture<Void> stop() {
        return onLoop(() -> {
            if (mode == Mode.STOPPED || mode == Mode.DECOMMISSIONED) {
                return CompletableFuture.completedFuture(null);
            }
            return gossiper.stop().thenRun(() -> {
                transport.close();
                mode = Mode.STOPPED;
                log.info("Node stopped");
            });
        });
    }

    /** Ends at once without telling anyone (what kill -9 looks like to the peers). */
    public void kill() {
        gossiper.halt();
        transport.closeNow();
        loop.shutdown();
        mode = Mode.STOPPED;
    }

    /** Runs {@code work} on the loop and relays its future. */
    public <T> CompletableFuture<T> onLoop(Supplier<CompletableFuture<T>> work) {
        CompletableFuture<T> out = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                work.get().whenComplete((v, e) -> {
                    if (e != null) {
                        out.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                                ? e.getCause() : e);
                    } else {
                        out.complete(v);
                    }
                });
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
            }
        });
        return out;
    }

    /** Runs a read on the loop (status displays from other threads). */
    public <T> CompletableFuture<T> read(Supplier<T> query) {
        return onLoop(() -> CompletableFuture.completedFuture(query.get()));
    }

    private List<InetAddressAndPort> savedPeers() {
        List<InetAddressAndPort> out = new ArrayList<>();
        for (String p : persistence.peers()) {
            try {
                out.add(HostAndPort.parse(p, settings.address().port()).literal());
            } catch (IllegalArgumentException e) {
                log.warn("Ignoring saved peer '" + p + "': " + e.getMessage());
            }
        }
        return out;
    }

    private void savePeers() {
        List<String> peers = new ArrayList<>();
        for (InetAddressAndPort ep : gossiper.endpoints().ringMembers()) {
            if (!ep.equals(settings.address())) {
                peers.add(ep.toString());
            }
        }
        persistence.savePeers(peers);
    }
}
