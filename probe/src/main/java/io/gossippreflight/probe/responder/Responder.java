package io.gossippreflight.probe.responder;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.LinkSecurity;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.UdpResponder;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.netty.channel.EventLoopGroup;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code preflight probe serve}: a gossip endpoint that speaks the real protocol with a fixed
 * synthetic cluster of N endpoints × T tokens. It answers SYNs as a Cassandra seed does, over its
 * own outbound connection to the address the sender advertised in its handshake (Cassandra 4.0+
 * connections are one-way), answers ECHO, decodes and drops ACK2s, and answers DF UDP probes on
 * the same port. Every answer carries a {@link ResponderReport}. At messaging version 10 or 11 it
 * plays a 3.x seed: the pre-4.0 handshake and unframed messages in 3.x serialisation, a 4.0+
 * Initiate answered with its version and closed (as 3.11 does, so the initiator retries).
 */
public final class Responder implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** UDP probes are answered only for peers that spoke gossip to us this recently (no amplification). */
    private static final long UDP_PEER_WINDOW_NANOS = Duration.ofMinutes(2).toNanos();

    private final ResponderConfig config;
    private final EventLoopGroup group;
    private final Consumer<String> log;
    private volatile GossipAnswers answers;
    private final InetAddress bindAddress;
    private final AtomicLong messageIds = new AtomicLong(1);
    private final Map<ReplyKey, CompletableFuture<OutboundLink>> links = new ConcurrentHashMap<>();
    /**
     * Messages are dealt with one at a time, in the order they arrived whatever their connection,
     * as Cassandra's gossip stage does: an answer to a later message then says the earlier ones
     * were dealt with too (the checker's witness reads it so). Without it, one event loop busy or
     * starved while another answered made a loopback check call a 65,000-byte answer lost.
     */
    private final io.netty.util.concurrent.EventExecutor stage;
    /** Per connection, the last answer queued: answers leave in the order they were made, as Cassandra's queue does. */
    private final Map<ReplyKey, CompletableFuture<?>> tails = new ConcurrentHashMap<>();
    private final Map<InetAddress, Long> recentPeers = new ConcurrentHashMap<>();
    private InboundListener listener;
    private UdpResponder udp;

    private record ReplyKey(InetAddressAndPort to, ConnectionType type) {
    }

    private LinkSecurity security = LinkSecurity.PLAIN;

    private Responder(ResponderConfig config, EventLoopGroup group, Consumer<String> log) {
        this.stage = group.next();
        this.config = config;
        this.group = group;
        this.log = log;
        InetAddress listenAddress = config.listen().getAddress();
        this.bindAddress = listenAddress.isAnyLocalAddress() ? null : listenAddress;
        this.answers = answers(config.listen().getPort());
    }

    /** Our synthetic cluster, ourselves first at our address and the port we listen on. */
    private GossipAnswers answers(int port) {
        InetAddress listenAddress = config.listen().getAddress();
        InetAddressAndPort self = InetAddressAndPort.of(listenAddress.isAnyLocalAddress() ? firstHostAddress(
                listenAddress instanceof Inet6Address) : listenAddress, port);
        SyntheticCluster.Builder b = SyntheticCluster.builder().endpoints(config.endpoints())
                .tokensPerEndpoint(config.tokens()).clusterName(config.clusterName()).partitioner(config.partitioner())
                .firstAddress(self);
        if (!config.maxVersion().isModern()) {
            // a 3.11 seed: the 3.x application states, its release and messaging version
            b.table(io.gossippreflight.wire.gossip.ApplicationStateTable.CASSANDRA_3).releaseVersion("3.11.19")
                    .netVersion(config.maxVersion());
        }
        SyntheticCluster cluster = b.build();
        return new GossipAnswers(config.clusterName(), config.partitioner(), self, cluster.states());
    }

    public static Responder start(EventLoopGroup group, ResponderConfig config, Consumer<String> log) {
        return start(group, config, log, m -> false);
    }

    /**
     * As {@link #start(EventLoopGroup, ResponderConfig, Consumer)}, leaving the messages {@code unanswered}
     * picks without an answer, as a lossy path or a slow peer would: for tests of the checker's patience.
     */
    public static Responder start(EventLoopGroup group, ResponderConfig config, Consumer<String> log,
                                  Predicate<Message> unanswered) {
        return start(group, config, log, unanswered, LinkSecurity.PLAIN);
    }

    /**
     * A responder that answers as a real node of its messaging version would, for tests of the
     * checker against one: no report in its answers (so it is taken for Cassandra), and at 3.x
     * versions its answers go to the peer's address at its own port, whatever port the peer names.
     */
    public static Responder startAsRealNode(EventLoopGroup group, ResponderConfig config, Consumer<String> log) {
        Responder r = start(group, config, log, m -> false, LinkSecurity.PLAIN);
        r.asRealNode = true;
        return r;
    }

    /** Set once at start: answers as {@link #startAsRealNode} says. */
    private volatile boolean asRealNode;

    /** As above, its port and its connections back with TLS and frames as {@code security} says (a seed's settings). */
    public static Responder start(EventLoopGroup group, ResponderConfig config, Consumer<String> log,
                                  Predicate<Message> unanswered, LinkSecurity security) {
        Responder r = new Responder(config, group, log);
        r.security = security;
        r.listener = InboundListener.bind(group, config.listen(), 0, config.minVersion(), config.maxVersion(), security,
                new InboundListener.Handler() {
                    @Override
                    public void onHandshake(InboundConnection c) {
                        r.recentPeers.put(c.remoteAddress().getAddress(), System.nanoTime());
                    }

                    @Override
                    public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
                        if (unanswered.test(m)) {
                            log.accept(m.verbName() + " left unanswered (as asked)");
                            return;
                        }
                        r.stage.execute(() -> r.onMessage(c, m));
                    }
                });
        if (config.listen().getPort() == 0) {
            r.answers = r.answers(r.listener.localAddress().getPort()); // the kernel chose the port
        }
        if (config.udp()) {
            try {
                r.udp = UdpResponder.bind(group, r.listener.localAddress(), r::recentPeer);
            } catch (ProbeException e) {
                r.listener.close();
                throw e;
            }
        }
        return r;
    }

    private boolean recentPeer(InetAddress a) {
        Long seen = recentPeers.get(a);
        return seen != null && System.nanoTime() - seen < UDP_PEER_WINDOW_NANOS;
    }

    public InetSocketAddress address() {
        return listener.localAddress();
    }

    public GossipAnswers answers() {
        return answers;
    }

    private void onMessage(InboundConnection c, Message m) {
        InetAddressAndPort from = replyTo(c, m);
        Verb verb = m.verb();
        if (verb == Verb.GOSSIP_DIGEST_SYN && m.payload() instanceof GossipDigestSyn syn) {
            GossipAnswers.Answer a = answers.answer(syn);
            if (a.isDropped()) {
                log.accept(a.reason() + " from " + from + ": SYN ignored (as Cassandra does)");
                return;
            }
            GossipDigestAck ack = a.ack();
            reply(c, from, report -> new Message(messageIds.getAndIncrement(), (int) System.currentTimeMillis(),
                    Message.GOSSIP_EXPIRES_IN_MILLIS, Verb.GOSSIP_DIGEST_ACK.id(), 0, List.of(report.toParam()), ack),
                    "ACK (" + a.reason() + ", " + ack.digests().size() + " requests, " + ack.states().size()
                            + " states) for a SYN of " + syn.digests().size() + " digests");
        } else if (verb == Verb.ECHO_REQ) {
            reply(c, from, report -> new Message(m.id(), (int) System.currentTimeMillis(), Message.RPC_TIMEOUT_MILLIS,
                    Verb.ECHO_RSP.id(), 0, List.of(report.toParam()), NoPayload.INSTANCE), "ECHO_RSP");
        } else if (verb == Verb.GOSSIP_DIGEST_ACK2 && m.payload() instanceof GossipDigestAck2 ack2) {
            log.accept("ACK2 from " + from + ": " + ack2.states().size() + " states decoded and dropped (a responder "
                    + "keeps its own cluster)");
        } else {
            log.accept(m.verbName() + " from " + from + " ignored");
        }
    }

    /**
     * Where answers to {@code m} go: the endpoint the peer's 4.0+ Initiate names; from a 3.x peer,
     * whose addresses have no port, its address at our own port, as a 3.x node answers (the storage
     * port is one for the whole cluster) — unless the message names the port its sender listens on
     * ({@link io.gossippreflight.probe.net.Pre40Encoder#REPLY_PORT_PARAM}, which our checker adds).
     */
    private InetAddressAndPort replyTo(InboundConnection c, Message m) {
        if (c.initiate() != null && c.initiate().from() != null) {
            return c.initiate().from();
        }
        int port = asRealNode ? -1 : io.gossippreflight.probe.net.Pre40Encoder.replyPort(m);
        return InetAddressAndPort.of(c.remoteAddress().getAddress(), port > 0 ? port : address().getPort());
    }

    /** Sends an answer over our own connection to {@code to}, built once that connection is up. */
    private void reply(InboundConnection via, InetAddressAndPort to, Function<ResponderReport, Message> build, String what) {
        Message draft = build.apply(new ResponderReport(0, "", 0, 0, 0, 0));
        int size = draft.serializedSize(via.version());
        ConnectionType type = ConnectionTypes.forGossip(size);
        TcpSnapshot request = via.tcp();
        ReplyKey key = new ReplyKey(to, type);
        CompletableFuture<OutboundLink> link = link(to, type);
        // each answer waits for the previous one to the same connection: dependents of one future
        // would run in no promised order
        tails.compute(key, (k, tail) -> (tail == null ? link : tail.handle((x, y) -> null).thenCompose(x -> link))
                .whenComplete((l, e) -> send(l, e, to, type, request, via.acceptPmtu(), build, what)));
    }

    private void send(OutboundLink link, Throwable e, InetAddressAndPort to, ConnectionType type, TcpSnapshot request,
            int acceptPmtu, Function<ResponderReport, Message> build, String what) {
        if (e != null) {
            log.accept("cannot answer " + to + ": " + e.getMessage());
            return;
        }
        TcpSnapshot replyTcp = link.tcp();
        String[] iface = interfaceOf(link.localAddress().getAddress());
        ResponderReport report = new ResponderReport(Integer.parseInt(iface[1]), iface[0],
                request == null ? 0 : request.advertisedMssOption(), request == null ? 0 : request.peerMssOption(),
                replyTcp == null ? 0 : replyTcp.pmtu(), replyTcp == null ? 0 : replyTcp.peerMssOption(),
                lossTo(to.address()), acceptPmtu);
        Message built = build.apply(report);
        Message m = asRealNode ? new Message(built.id(), built.createdAtMillis(), built.expiresInMillis(), built.verbId(),
                built.flags(), List.of(), built.payload()) : built;
        LossTally tally = tallies.computeIfAbsent(link, l -> new LossTally(to.address(), replyTcp));
        link.send(m).whenComplete((v, err) -> {
            log.accept((err == null ? "sent " : "could not send ") + what + ", " + m.serializedSize(link.version())
                    + " bytes, to " + to + " on " + type);
            if (err == null) {
                tally.watch(link, 0);
            }
        });
    }

    private CompletableFuture<OutboundLink> link(InetAddressAndPort to, ConnectionType type) {
        ReplyKey key = new ReplyKey(to, type);
        return links.compute(key, (k, existing) -> {
            if (existing != null && !existing.isCompletedExceptionally()
                    && (!existing.isDone() || existing.getNow(null).isOpen())) {
                return existing;
            }
            CompletableFuture<OutboundLink> f = OutboundLink.open(group, new OutboundLink.Spec(
                    new InetSocketAddress(to.address(), to.port()), bindAddress,
                    answers.endpoints().get(0), type, 0,
                    CONNECT_TIMEOUT, config.minVersion(), config.maxVersion()), security);
            f.thenAccept(l -> l.channel().closeFuture().addListener(x -> {
                links.remove(key, f);
                tails.remove(key);
                tallies.remove(l);
            }));
            return f;
        });
    }

    /** Per peer address, retransmissions lost on the way towards it (see {@link ResponderReport#lossRetrans}). */
    private final Map<InetAddress, java.util.concurrent.atomic.AtomicInteger> losses = new ConcurrentHashMap<>();
    private final Map<OutboundLink, LossTally> tallies = new ConcurrentHashMap<>();

    private int lossTo(InetAddress peer) {
        java.util.concurrent.atomic.AtomicInteger n = losses.get(peer);
        return n == null ? 0 : n.get();
    }

    /** One answering connection's {@link ResendTally}, polled every 5 ms after each answer sent on it. */
    private final class LossTally {
        private final InetAddress peer;
        private final ResendTally tally;

        LossTally(InetAddress peer, TcpSnapshot first) {
            this.peer = peer;
            this.tally = new ResendTally(first);
        }

        void watch(OutboundLink link, int polls) {
            ResendTally.Step step;
            synchronized (this) {
                step = tally.observe(link.tcp(), polls, System.nanoTime());
            }
            if (step.lost() > 0) {
                losses.computeIfAbsent(peer, p -> new java.util.concurrent.atomic.AtomicInteger()).addAndGet(step.lost());
            }
            if (step.again()) {
                link.channel().eventLoop().schedule(() -> watch(link, polls + 1), 5,
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }
    }

    private final Map<InetAddress, String> interfaceNames = new ConcurrentHashMap<>();

    /**
     * {name, mtu} of the interface holding {@code local}; {"", "0"} when unknown. The name is
     * looked up once (the lookup walks every interface); the MTU is read each time from sysfs,
     * because a fix may change it while we run.
     */
    private String[] interfaceOf(InetAddress local) {
        String name = interfaceNames.computeIfAbsent(local, a -> {
            try {
                NetworkInterface ni = NetworkInterface.getByInetAddress(a);
                return ni == null ? "" : ni.getName();
            } catch (SocketException e) {
                return "";
            }
        });
        if (name.isEmpty()) {
            return new String[] {"", "0"};
        }
        java.util.OptionalInt mtu = io.gossippreflight.probe.socket.HostNetwork.interfaceMtu(name);
        return new String[] {name, Integer.toString(mtu.orElse(0))};
    }

    private static InetAddress firstHostAddress(boolean v6) {
        try {
            for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (ni.isLoopback() || !ni.isUp()) {
                    continue;
                }
                for (InetAddress a : Collections.list(ni.getInetAddresses())) {
                    if ((a instanceof Inet6Address) == v6 && !a.isLinkLocalAddress()) {
                        return a;
                    }
                }
            }
        } catch (SocketException e) {
            // fall through to loopback
        }
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public void close() {
        if (udp != null) {
            udp.close();
        }
        listener.close();
        links.values().forEach(f -> f.thenAccept(OutboundLink::close));
    }
}
