package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.responder.GossipAnswers;
import io.gossippreflight.probe.responder.ResendTally;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Param;
import io.gossippreflight.wire.message.RawPayload;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The target's application on its own scheduler: a Cassandra 4.0+ node or our responder,
 * answering at the message level as the real ones do — ECHO_REQ with ECHO_RSP, a SYN of our cluster
 * with the ACK {@link GossipAnswers} makes (so sizes are real), a SYN of another cluster or
 * partitioner not at all — each answer over its own connection to the address the sender
 * advertised, answers to one destination in order, one message at a time after a processing
 * delay. Our responder adds its {@link ResponderReport} and answers DF UDP probes. Or a port that
 * refuses, keeps silent or speaks TLS. It can be paused (SIGSTOP, a GC pause): its kernel goes on
 * acknowledging and buffering, it answers nothing until it resumes.
 */
public final class SimTarget {
    /** What listens at the target. */
    public enum Kind {
        RESPONDER,
        CASSANDRA,
        /** Nothing listens: connections are refused. */
        REFUSED,
        /** Accepts connections and never answers the handshake. */
        SILENT,
        /** Expects TLS (internode encryption). */
        TLS
    }

    /**
     * @param endpoints N endpoint states in its gossip state (the shadow ACK carries all of them)
     * @param tokens T tokens per endpoint
     * @param processing how long its single gossip stage takes per message
     */
    public record Config(Kind kind, int port, int interfaceMtu, String clusterName, String partitioner, int endpoints,
                         int tokens, MessagingVersion min, MessagingVersion max, Duration processing) {
        public Config {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(processing, "processing");
        }

        /** Our responder: a synthetic cluster of 3 endpoints × 16 tokens, messaging version 12. */
        public static Config responder() {
            return new Config(Kind.RESPONDER, 7000, 9001, ResponderConfig.DEFAULT_CLUSTER,
                    ResponderConfig.DEFAULT_PARTITIONER, 3, 16, MessagingVersion.V12, MessagingVersion.V12,
                    Duration.ofMillis(1));
        }

        /** A Cassandra 5.0.9 seed that knows 3 endpoints × 256 tokens (a shadow ACK of about 15 KB). */
        public static Config cassandra() {
            return responder().of(Kind.CASSANDRA).size(3, 256);
        }

        public Config of(Kind k) {
            return new Config(k, port, interfaceMtu, clusterName, partitioner, endpoints, tokens, min, max, processing);
        }

        public Config size(int n, int t) {
            return new Config(kind, port, interfaceMtu, clusterName, partitioner, n, t, min, max, processing);
        }

        public Config mtu(int m) {
            return new Config(kind, port, m, clusterName, partitioner, endpoints, tokens, min, max, processing);
        }

        public Config cluster(String name, String partitionerClass) {
            return new Config(kind, port, interfaceMtu, name, partitionerClass, endpoints, tokens, min, max, processing);
        }

        /** Speaking messaging versions {@code lo..hi} (10..11: a 3.x node). */
        public Config versions(MessagingVersion lo, MessagingVersion hi) {
            return new Config(kind, port, interfaceMtu, clusterName, partitioner, endpoints, tokens, lo, hi, processing);
        }

        public Config processing(Duration d) {
            return new Config(kind, port, interfaceMtu, clusterName, partitioner, endpoints, tokens, min, max, d);
        }
    }

    private record ReplyKey(InetAddressAndPort to, ConnectionType type) {
    }

    /**
     * Payload bytes of a real node's schema pull response: an empty Apache Cassandra 5.0.9 schema
     * (its SCHEMA_PULL_RSP is 12,987 bytes in the shared blackhole-16tokens captures).
     */
    static final int EMPTY_SCHEMA_PAYLOAD = 12_975;

    private final Config config;
    private final SimHost host;
    private final SimScheduler app;
    private final InetAddressAndPort self;
    private final GossipAnswers answers;
    private final Map<ReplyKey, CompletableFuture<Link>> links = new HashMap<>();
    private final Map<ReplyKey, CompletableFuture<?>> tails = new HashMap<>();
    /** Messages waiting for this turn of the process to end, to go out in one frame per link. */
    private final Map<SimLink, List<Message>> frames = new HashMap<>();
    private final List<String> log = new ArrayList<>();
    /** Our responder's count of its retransmissions lost towards the checker (report v2). */
    private int lossRetrans;
    private final Map<Link, ResendTally> tallies = new HashMap<>();
    private long busyUntil;
    private long messageIds = 1;
    private Predicate<Message> pauseOn;
    private Duration pauseFor;
    private ReadSkew skew;

    SimTarget(Config config, SimHost host, SimScheduler app) {
        this.config = config;
        this.host = host;
        this.app = app;
        this.self = InetAddressAndPort.of(host.address(), config.port());
        SyntheticCluster cluster = SyntheticCluster.builder().endpoints(config.endpoints())
                .tokensPerEndpoint(config.tokens()).clusterName(config.clusterName()).partitioner(config.partitioner())
                .firstAddress(self).build();
        this.answers = new GossipAnswers(config.clusterName(), config.partitioner(), self, cluster.states());
    }

    /** TLS on the target's port (set before {@link #start}; null: plain). */
    private SimTls.Seed tls;

    void tls(SimTls.Seed seed) {
        this.tls = seed;
    }

    void start() {
        InetSocketAddress at = Endpoints.socket(self);
        switch (config.kind()) {
            case REFUSED -> {
            }
            case SILENT -> SimListener.open(host, at, 0, config.min(), config.max(), app, SimListener.Behaviour.SILENT,
                    (c, m, t, tcp) -> { });
            case TLS -> SimListener.open(host, at, 0, config.min(), config.max(), app, SimListener.Behaviour.TLS,
                    (c, m, t, tcp) -> { });
            case RESPONDER, CASSANDRA -> {
                SimListener l = SimListener.open(host, at, 0, config.min(), config.max(), app,
                        SimListener.Behaviour.INTERNODE, this::received);
                if (l != null && tls != null) {
                    l.tls(tls);
                }
                if (config.kind() == Kind.RESPONDER) {
                    SimUdp.serve(host, config.port(), app);
                }
            }
        }
    }

    public Config config() {
        return config;
    }

    /** What it did, in order (answers sent, SYNs ignored, connections that failed). */
    public List<String> log() {
        return List.copyOf(log);
    }

    /** Stops the process for {@code d} from now (SIGSTOP, then SIGCONT). */
    public void pause(Duration d) {
        app.pause(d);
        log.add(String.format("paused for %d ms", d.toMillis()));
    }

    /**
     * A busy process reads its connections on several threads, each when it gets the CPU: from now
     * on each message waits up to {@code max} (uniformly, {@code seed}'s draw) before its
     * connection's reader hands it to the stage, in order within a connection but not across
     * them. A message that arrived later on another connection may be dealt with first.
     */
    public void readSkew(Duration max, long seed) {
        skew = new ReadSkew(max, seed);
    }

    /** Stops the process for {@code d} as the first message {@code when} picks arrives. */
    public void pauseOn(Predicate<Message> when, Duration d) {
        pauseOn = when;
        pauseFor = d;
    }

    private void received(Listener.Accepted c, Message m, long at, TcpSnapshot tcp) {
        if (skew != null) {
            long now = app.clock().nanoTime();
            long handOff = skew.handOff(c, now);
            app.schedule(Duration.ofNanos(handOff - now), () -> staged(c, m, tcp));
            return;
        }
        staged(c, m, tcp);
    }

    /**
     * The first message {@code when} picks is dealt with {@code d} after it arrived, everything else
     * as usual: what a lost segment and its resend do to one message (the check's first ECHO
     * answered after its lanes have crossed).
     */
    public void holdFirst(Predicate<Message> when, Duration d) {
        holdOn = when;
        holdFor = d;
    }

    private Predicate<Message> holdOn;
    private Duration holdFor;

    private void staged(Listener.Accepted c, Message m, TcpSnapshot tcp) {
        if (holdOn != null && holdOn.test(m)) {
            holdOn = null;
            log.add(String.format("%s held for %d ms", m.verbName(), holdFor.toMillis()));
            app.schedule(holdFor, () -> handle(c, m, tcp));
            return;
        }
        if (pauseOn != null && pauseOn.test(m)) {
            pauseOn = null;
            pause(pauseFor); // the stage was about to run: it runs once the pause ends
        }
        long now = app.clock().nanoTime();
        long start = Math.max(now, busyUntil);
        busyUntil = start + config.processing().toNanos();
        app.schedule(Duration.ofNanos(busyUntil - now), () -> handle(c, m, tcp));
    }

    private void handle(Listener.Accepted c, Message m, TcpSnapshot request) {
        boolean ours = config.kind() == Kind.RESPONDER;
        InetAddressAndPort from = c.initiate().from();
        if (from == null) {
            // pre-4.0: no port in a 3.x address; a 3.x node answers at its own storage port, our responder
            // at the port the checker's parameter names
            int port = ours ? io.gossippreflight.probe.net.Pre40Encoder.replyPort(m) : -1;
            from = InetAddressAndPort.of(c.remoteAddress().getAddress(), port > 0 ? port : config.port());
        }
        if (m.verb() == Verb.GOSSIP_DIGEST_SYN && m.payload() instanceof GossipDigestSyn syn) {
            GossipAnswers.Answer a = answers.answer(syn);
            if (a.isDropped()) {
                log.add(a.reason() + " from " + from + ": SYN ignored");
                return;
            }
            GossipDigestAck ack = a.ack();
            reply(c, from, request, p -> new Message(messageIds++, millis(), Message.GOSSIP_EXPIRES_IN_MILLIS,
                    Verb.GOSSIP_DIGEST_ACK.id(), 0, p, ack), "ACK " + ack.digests().size() + " requests, "
                    + ack.states().size() + " states");
        } else if (m.verb() == Verb.ECHO_REQ) {
            reply(c, from, request, p -> new Message(m.id(), millis(), Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_RSP.id(), 0,
                    p, NoPayload.INSTANCE), "ECHO_RSP");
        } else if (m.verb() == Verb.SCHEMA_PULL_REQ && !ours) {
            reply(c, from, request, p -> new Message(m.id(), millis(), Message.RPC_TIMEOUT_MILLIS,
                    Verb.SCHEMA_PULL_RSP.id(), 0, p, RawPayload.zeros(EMPTY_SCHEMA_PAYLOAD)), "SCHEMA_PULL_RSP");
        } else if (ours || m.verb() == Verb.GOSSIP_DIGEST_ACK2) {
            log.add(m.verbName() + " from " + from + " dropped");
        }
    }

    /**
     * A real node flushes the messages queued on a connection together, in one frame (answers
     * that waited for its connection to come up, say): a segment lost then takes all of them.
     * Our responder writes each message on its own.
     */
    private void send(Link l, Message m) {
        if (config.kind() == Kind.RESPONDER || !(l instanceof SimLink link)) {
            l.send(m);
            return;
        }
        List<Message> queued = frames.get(link);
        if (queued != null) {
            queued.add(m);
            return;
        }
        frames.put(link, new ArrayList<>(List.of(m)));
        app.execute(() -> link.sendFrame(frames.remove(link)));
    }

    /** An answer over our own connection to {@code to}, after every earlier answer to it. */
    private void reply(Listener.Accepted via, InetAddressAndPort to, TcpSnapshot request,
            Function<List<Param>, Message> build, String what) {
        boolean ours = config.kind() == Kind.RESPONDER;
        Message draft = build.apply(ours ? List.of(new ResponderReport(0, "", 0, 0, 0, 0).toParam()) : List.of());
        ConnectionType gossip = ConnectionTypes.forGossip(draft.serializedSize(via.version()));
        // not a gossip verb: below the large-message threshold, Cassandra's small-message connection
        ConnectionType type = draft.verb() == Verb.SCHEMA_PULL_RSP && gossip == ConnectionType.URGENT_MESSAGES
                ? ConnectionType.SMALL_MESSAGES : gossip;
        ReplyKey key = new ReplyKey(to, type);
        CompletableFuture<Link> link = link(key);
        CompletableFuture<?> tail = tails.get(key);
        CompletableFuture<Link> turn = tail == null ? link : tail.handle((x, y) -> null).thenCompose(x -> link);
        tails.put(key, turn.whenComplete((l, e) -> {
            if (e != null) {
                log.add("cannot answer " + to + ": " + e.getMessage());
                links.remove(key, link);
                return;
            }
            List<Param> params = List.of();
            TcpSnapshot reply = l.tcp();
            if (ours) {
                params = List.of(new ResponderReport(config.interfaceMtu(), "eth0",
                        request == null ? 0 : request.advertisedMssOption(), request == null ? 0 : request.peerMssOption(),
                        reply == null ? 0 : reply.pmtu(), reply == null ? 0 : reply.peerMssOption(), lossRetrans,
                        via.acceptPmtu()).toParam());
            }
            Message m = build.apply(params);
            send(l, m);
            if (ours && reply != null) {
                TcpSnapshot first = reply;
                tallies.computeIfAbsent(l, k -> new ResendTally(first));
                tally(l, 0);
            }
            log.add("sent " + what + ", " + m.serializedSize(l.version()) + " bytes, to " + to + " on " + type);
        }));
    }

    /** As our responder counts them ({@link ResendTally}), on the simulated clock. */
    private void tally(Link l, int polls) {
        ResendTally tally = tallies.get(l);
        if (tally == null) {
            return;
        }
        ResendTally.Step step = tally.observe(l.tcp(), polls, app.clock().nanoTime());
        lossRetrans += step.lost();
        if (step.again()) {
            app.schedule(Duration.ofMillis(5), () -> tally(l, polls + 1));
        }
    }

    private CompletableFuture<Link> link(ReplyKey key) {
        CompletableFuture<Link> existing = links.get(key);
        if (existing != null && !existing.isCompletedExceptionally()
                && (!existing.isDone() || existing.getNow(null).isOpen())) {
            return existing;
        }
        Link.Spec spec = new Link.Spec(Endpoints.socket(key.to()), host.address(), self, key.type(), 0,
                Duration.ofSeconds(5), config.min(), config.max());
        CompletableFuture<Link> f;
        if (key.type() == ConnectionType.LARGE_MESSAGES && largeConnectDelay != null) {
            f = new CompletableFuture<>();
            CompletableFuture<Link> opened = f;
            app.schedule(largeConnectDelay, () -> SimLink.open(host, spec, app).whenComplete((l, e) -> {
                if (e != null) {
                    opened.completeExceptionally(e);
                } else {
                    opened.complete(l);
                }
            }));
        } else {
            f = SimLink.open(host, spec, app);
        }
        links.put(key, f);
        return f;
    }

    private Duration largeConnectDelay;

    /**
     * From now on, each connection for large messages starts {@code d} late: a busy host whose
     * connection set-up (a TLS handshake it signs, a thread to start) waits for the CPU while its
     * other connections carry on.
     */
    public void slowLargeConnections(Duration d) {
        largeConnectDelay = d;
    }

    private int millis() {
        return (int) app.clock().currentTimeMillis();
    }
}
