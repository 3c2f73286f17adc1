package io.gossippreflight.probe.check;

import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.PathContext;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.classify.Verdicts;
import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.LinkFailure;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The check of one target, phase by phase: connect and handshake; ECHO (does the target connect
 * back to us, and is it our responder?); the shadow round (its ACK at our own MSS, and a copy at
 * the smallest MSS to learn its size); then ladders and bisection in both directions at once
 * ({@link DirectionSearch}); the DF UDP probe against our responder; classification. All state
 * lives on the session's event loop.
 */
final class ProbeSession implements SharedListeners.Receiver {
    private final SessionContext s;
    private final SharedListeners shared;
    private final RouteInfo route;
    private final long startNanos;
    private final List<String> notes = new ArrayList<>();
    private final List<Ticket> tickets = new ArrayList<>();
    private final Map<Long, CompletableFuture<Message>> echoes = new HashMap<>();
    private final List<OutboundLink> links = new ArrayList<>();
    private CompletableFuture<Message> shadowOnSink = new CompletableFuture<>();
    private Ticket shadowTicket;
    private OutboundLink main;
    private TcpSnapshot mainAtConnect;
    private TcpSnapshot mainAccepted;
    private ResponderReport echoReport;
    private ResponderReport lastReport;
    private int kernelPmtuOut = Integer.MAX_VALUE;
    private boolean backConnection;
    private final long[] exactMillis = {-1, -1};

    ProbeSession(SessionContext s, SharedListeners shared, RouteInfo route) {
        this.s = s;
        this.shared = shared;
        this.route = route;
        this.startNanos = System.nanoTime();
    }

    CompletableFuture<TargetReport> run() {
        shared.register(s.target, this);
        CompletableFuture<TargetReport> out = new CompletableFuture<>();
        s.loop.execute(() -> connect().whenComplete((r, e) -> {
            shared.unregister(s.target);
            links.forEach(OutboundLink::close);
            if (pool != null) {
                pool.close();
            }
            if (search != null) {
                search.close();
            }
            if (e != null) {
                out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                out.complete(r);
            }
        }));
        return out;
    }

    // --- phase 1: connect -------------------------------------------------------------------

    private CompletableFuture<TargetReport> connect() {
        OutboundLink.Spec spec = new OutboundLink.Spec(s.target, s.local, shared.mainEndpoint(),
                ConnectionType.URGENT_MESSAGES, 0, s.options.timeouts().connect(), s.options.minVersion(),
                s.options.maxVersion());
        return OutboundLink.open(s.group, spec).handleAsync((link, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                return c instanceof LinkFailure lf ? failedConnect(lf) : CompletableFuture.<TargetReport>failedFuture(c);
            }
            main = link;
            links.add(link);
            s.version = link.version();
            mainAtConnect = link.tcp();
            if (mainAtConnect != null) {
                s.rttMicros = Math.max(1, mainAtConnect.rtt());
                s.rttvarMicros = Math.max(1, mainAtConnect.rttvar());
                kernelPmtuOut = Math.min(kernelPmtuOut, mainAtConnect.pmtu());
            }
            s.say(String.format("connected from %s, messaging version %d, rtt %.2f ms", io.netty.util.NetUtil.toAddressString(s.local),
                    s.version.id(), s.rttMicros / 1000.0));
            return echo();
        }, s.loop).thenCompose(f -> f);
    }

    private CompletableFuture<TargetReport> failedConnect(LinkFailure f) {
        PathContext ctx = context();
        PathStatus status = switch (f.kind()) {
            case REFUSED -> PathStatus.REFUSED;
            case UNREACHABLE -> PathStatus.UNREACHABLE;
            default -> f.looksLikeTls() ? PathStatus.TLS_EXPECTED : null;
        };
        if (status != null) {
            return CompletableFuture.completedFuture(stopped(ctx, status, f.getMessage()));
        }
        s.say("handshake failed (" + f.getMessage() + "); asking whether the port speaks TLS");
        return TlsProbe.speaksTls(s.group, s.target, s.options.timeouts().connect()).thenApplyAsync(tls -> tls
                ? stopped(ctx, PathStatus.TLS_EXPECTED, s.label + " answers a TLS ClientHello: it expects internode "
                        + "encryption (server_encryption_options); this probe speaks the unencrypted protocol")
                : stopped(ctx, PathStatus.MISMATCH, f.getMessage() + ": not a Cassandra 4.0+ internode port, or no "
                        + "messaging version in common (we offer " + s.options.minVersion().id() + ".."
                        + s.options.maxVersion().id() + ")"), s.loop);
    }

    /** A report for a target the check could not get past the first step with. */
    private TargetReport stopped(PathContext ctx, PathStatus status, String why) {
        s.say(status.description() + ": " + why);
        Evidence.Kind kind = switch (status) {
            case REFUSED -> Evidence.Kind.CONNECTION_REFUSED;
            case UNREACHABLE -> Evidence.Kind.HANDSHAKE_UNANSWERED;
            default -> Evidence.Kind.NOTE;
        };
        PathVerdict out = Verdicts.of(Direction.OUTBOUND, ctx, status, why, List.of(Verdicts.fact(kind, why)), List.of());
        PathVerdict in = Verdicts.of(Direction.INBOUND, ctx, status == PathStatus.TLS_EXPECTED || status == PathStatus.MISMATCH
                ? status : PathStatus.INCONCLUSIVE, status == PathStatus.TLS_EXPECTED || status == PathStatus.MISMATCH ? why
                : "not probed: " + s.label + " could not be reached", List.of(), List.of());
        return report(out, in, null);
    }

    // --- phase 2: ECHO ---------------------------------------------------------------------

    private CompletableFuture<TargetReport> echo() {
        return sendEcho(main).thenComposeAsync(first -> {
            if (first != null) {
                return CompletableFuture.completedFuture(first);
            }
            // The answer comes over a connection the target opens to us: on a lossy path its SYN may be lost,
            // and the kernel resends it after 1 s, then 3 s. One more ECHO, answered over that same connection
            // once it is up, keeps random loss from passing for a target that cannot connect back.
            s.say("no ECHO answer within " + s.reply().toMillis() + " ms; asking once more");
            return sendEcho(main);
        }, s.loop).thenComposeAsync(rsp -> {
            backConnection = rsp != null;
            if (rsp == null) {
                notes.add("ECHO unanswered: " + s.label + " never connected back to " + shared.mainEndpoint());
                s.say("no ECHO answer within 2 x " + s.reply().toMillis() + " ms: the target does not connect back to "
                        + shared.mainEndpoint());
            } else {
                echoReport = ResponderReport.from(rsp).orElse(null);
                if (s.options.targetKind() == TargetKind.AUTO && echoReport != null) {
                    s.kind = TargetKind.RESPONDER;
                }
                s.say("ECHO answered over its own connection to " + shared.mainEndpoint() + ": "
                        + (echoReport != null ? "our responder" : "a real node (only safe messages from here on)"));
            }
            return openPoolThenShadow();
        }, s.loop);
    }

    /** Sends ECHO_REQ on {@code link}; completes with the ECHO_RSP, or null after the reply wait. */
    private CompletableFuture<Message> sendEcho(OutboundLink link) {
        return sendEcho(link, s.reply());
    }

    private CompletableFuture<Message> sendEcho(OutboundLink link, Duration wait) {
        long id = s.nextId();
        Message m = new Message(id, (int) System.currentTimeMillis(), Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ,
                NoPayload.INSTANCE);
        SafetyPolicy.check(m, s.kind);
        CompletableFuture<Message> f = new CompletableFuture<>();
        echoes.put(id, f);
        link.send(m);
        s.schedule(() -> f.complete(null), wait);
        return f;
    }

    // --- phase 3: the shadow round ------------------------------------------------------------

    /** Outbound connections opened before anything large crosses (see {@link LinkPool}), then the shadow round. */
    private CompletableFuture<TargetReport> openPoolThenShadow() {
        search = new DirectionSearch(s, this);
        pool = new LinkPool(s);
        int large = (int) s.options.ladder().stream().filter(b -> b > io.gossippreflight.probe.net.ConnectionTypes
                .LARGE_MESSAGE_THRESHOLD - 100).count() * (s.kind == TargetKind.RESPONDER ? 2 : 1);
        CompletableFuture<Void> urgent = pool.prefill(ConnectionType.URGENT_MESSAGES, search.poolSize() - large);
        CompletableFuture<Void> big = pool.prefill(ConnectionType.LARGE_MESSAGES, large);
        // the shadow round and the inbound search run side by side: both only send towards us
        return CompletableFuture.allOf(urgent, big).thenComposeAsync(v -> {
            inbound = search.inboundFirst();
            return shadow();
        }, s.loop);
    }

    private CompletableFuture<Void> inbound = CompletableFuture.completedFuture(null);

    private DirectionSearch search;
    private LinkPool pool;
    /** The ECHO after our shadow SYN was answered and the SYN was not. */
    private boolean ignored;
    /** How long the shadow round's answers may take (a lossy path retries connections after 1 s, 3 s). */
    private static final Duration SHADOW_WAIT = Duration.ofSeconds(8);

    private CompletableFuture<TargetReport> shadow() {
        GossipDigestSyn syn = new GossipDigestSyn(s.options.clusterName(), s.options.partitioner(), List.of());
        CompletableFuture<OutboundLink> sinkLink = openToSink(ConnectionType.URGENT_MESSAGES);
        // The SYN, then an ECHO on the same connection: a node handles both on one stage and answers
        // in order over one connection, so an ECHO answer with no ACK before it means the SYN was ignored.
        sinkLink.thenAcceptAsync(l -> {
            send(l, syn);
            sendEcho(l, SHADOW_WAIT).thenAcceptAsync(echo -> {
                if (echo != null && !shadowOnSink.isDone()) {
                    ignored = true;
                    shadowOnSink.complete(null);
                }
            }, s.loop);
        }, s.loop);
        if (backConnection) {
            shadowTicket = new Ticket(Direction.INBOUND, ProbeKind.SHADOW, "ACK", 0, 0);
            tickets.add(shadowTicket);
            send(main, syn);
        }
        // without a connection back, the wait would only delay the outbound checks
        s.schedule(() -> shadowOnSink.complete(null), backConnection ? SHADOW_WAIT : s.reply());
        return shadowOnSink.thenComposeAsync(ack -> {
            if (ack == null && ignored) {
                if (shadowTicket != null) {
                    shadowTicket.notSent("the target ignored our SYN");
                }
                return mismatch();
            }
            if (ack == null) {
                s.say("no answer to the shadow-round SYN reached us");
                if (shadowTicket != null) {
                    shadowTicket.notSent("no answer");
                }
            }
            return inbound.thenComposeAsync(v -> search.thenOutbound(pool), s.loop).thenComposeAsync(v -> finish(), s.loop);
        }, s.loop);
    }

    private void send(OutboundLink l, GossipDigestSyn syn) {
        long id = s.nextId();
        Message m = Message.gossip(id, System.currentTimeMillis(), syn);
        SafetyPolicy.check(m, s.kind);
        l.send(m);
    }

    /** A connection to the target advertising the sink, at the smallest safe segment size. */
    CompletableFuture<OutboundLink> openToSink(ConnectionType type) {
        OutboundLink.Spec spec = new OutboundLink.Spec(s.target, s.local, s.sink, type, s.safeMss(),
                s.options.timeouts().connect(), s.options.minVersion(), s.options.maxVersion());
        CompletableFuture<OutboundLink> f = OutboundLink.open(s.group, spec);
        f.thenAcceptAsync(links::add, s.loop);
        return f;
    }

    /**
     * The SYN was ignored though the target talks to us: find which setting differs. Each other
     * partitioner gets its own lane (a listener at the safe MSS), so an answer names it.
     */
    private CompletableFuture<TargetReport> mismatch() {
        List<String> others = new ArrayList<>(List.of("org.apache.cassandra.dht.Murmur3Partitioner",
                "org.apache.cassandra.dht.RandomPartitioner", "org.apache.cassandra.dht.ByteOrderedPartitioner",
                "org.apache.cassandra.dht.OrderPreservingPartitioner"));
        others.remove(s.options.partitioner());
        s.say("the shadow-round SYN was ignored although ECHO works: cluster_name or partitioner mismatch; trying "
                + "the other partitioners");
        CompletableFuture<String> answered = new CompletableFuture<>();
        List<InboundListener> lanes = new ArrayList<>();
        int[] ignoredCount = {0};
        for (String p : others) {
            boolean[] decided = {false};
            InboundListener.open(s.group, new java.net.InetSocketAddress(s.local, 0), s.safeMss(), s.options.minVersion(),
                    s.options.maxVersion(), (c, m, t) -> s.loop.execute(() -> {
                        // the first answer on this lane decides: an ACK, or the ECHO the SYN was ignored before
                        if (decided[0]) {
                            return;
                        }
                        if (m.verb() == Verb.GOSSIP_DIGEST_ACK) {
                            decided[0] = true;
                            answered.complete(p);
                        } else if (m.verb() == Verb.ECHO_RSP) {
                            decided[0] = true;
                            if (++ignoredCount[0] == others.size()) {
                                answered.complete(null);
                            }
                        }
                    })).thenComposeAsync(lane -> {
                        lanes.add(lane);
                        return OutboundLink.open(s.group, new OutboundLink.Spec(s.target, s.local,
                                io.gossippreflight.probe.net.Endpoints.of(lane.localAddress()),
                                ConnectionType.URGENT_MESSAGES, s.safeMss(), s.options.timeouts().connect(),
                                s.options.minVersion(), s.options.maxVersion()));
                    }, s.loop).thenAcceptAsync(l -> {
                        links.add(l);
                        send(l, new GossipDigestSyn(s.options.clusterName(), p, List.of()));
                        l.send(new Message(s.nextId(), (int) System.currentTimeMillis(), Message.RPC_TIMEOUT_MILLIS,
                                Verb.ECHO_REQ, NoPayload.INSTANCE));
                    }, s.loop);
        }
        s.schedule(() -> answered.complete(null), SHADOW_WAIT);
        return answered.thenApplyAsync(partitioner -> {
            lanes.forEach(InboundListener::close);
            PathContext ctx = context();
            String why;
            if (partitioner != null) {
                why = "partitioner mismatch: " + s.label + " ignores SYNs naming " + s.options.partitioner()
                        + " but answers " + partitioner + ": set partitioner to " + partitioner;
            } else {
                why = "cluster_name mismatch: " + s.label + " ignores SYNs of cluster '" + s.options.clusterName()
                        + "' with every common partitioner: use the cluster_name the cluster has (--cluster-name, "
                        + "or cluster_name in cassandra.yaml)";
            }
            s.say(why);
            List<Evidence> ev = List.of(Verdicts.fact(Evidence.Kind.GOSSIP_IGNORED, why, "clusterName",
                    s.options.clusterName(), "partitioner", s.options.partitioner(), "answeredPartitioner", partitioner));
            return report(Verdicts.of(Direction.OUTBOUND, ctx, PathStatus.MISMATCH, why, ev, List.of()),
                    Verdicts.of(Direction.INBOUND, ctx, PathStatus.MISMATCH, why, ev, List.of()), null);
        }, s.loop);
    }

    // --- events from the shared listeners ----------------------------------------------------

    @Override
    public void onHandshake(boolean sink, InboundConnection c) {
        if (!sink) {
            TcpSnapshot t = c.tcp();
            s.loop.execute(() -> {
                if (mainAccepted == null) {
                    mainAccepted = t;
                }
            });
        }
    }

    @Override
    public void onMessage(boolean sink, InboundConnection c, Message m, long arrivedNanos) {
        TcpSnapshot tcp = c.tcp();
        s.loop.execute(() -> {
            ResponderReport.from(m).ifPresent(r -> lastReport = r);
            if (m.verb() == Verb.ECHO_RSP) {
                CompletableFuture<Message> f = echoes.remove(m.id());
                if (f != null) {
                    f.complete(m);
                }
            } else if (m.verb() == Verb.GOSSIP_DIGEST_ACK && m.payload() instanceof GossipDigestAck ack
                    && ack.digests().isEmpty()) {
                shadowAck(sink, m, ack, tcp, arrivedNanos);
            }
        });
    }

    private void shadowAck(boolean sink, Message m, GossipDigestAck ack, TcpSnapshot tcp, long arrivedNanos) {
        int bytes = m.serializedSize(s.version);
        if (sink) {
            if (shadowOnSink.isDone()) {
                return;
            }
            shadowSize = bytes;
            shadowAck = ack;
            s.say(String.format("shadow-round ACK: %,d bytes, %d endpoint states (read at the smallest MSS)", bytes,
                    ack.states().size()));
            if (shadowTicket != null && !shadowTicket.done()) {
                Ticket t = shadowTicket;
                t.startNanos = arrivedNanos;
                t.ipSize = DirectionSearch.naturalIpSize(s, bytes, mainAccepted);
                s.schedule(() -> {
                    if (!t.done()) {
                        t.notYet();
                    }
                }, s.quick());
                s.schedule(() -> {
                    if (!t.done()) {
                        t.lost(System.nanoTime());
                        s.say(String.format("the %,d-byte shadow-round ACK did not arrive at our own MSS", bytes));
                    }
                }, s.confirm(0));
            }
            shadowOnSink.complete(m);
        } else if (shadowTicket != null && !shadowTicket.done()) {
            Ticket t = shadowTicket;
            if (t.startNanos == 0) {
                t.startNanos = arrivedNanos;
            }
            if (tcp != null) {
                t.ipSize = Math.max(Math.min(DirectionSearch.naturalIpSize(s, bytes, mainAccepted),
                        s.overhead.ipSizeForSegment(tcp.rcvMss(), tcp.timestamps())), 1);
            }
            s.say(String.format("the %,d-byte shadow-round ACK arrived at our own MSS", bytes));
            t.crossed(arrivedNanos, false);
        }
    }

    private GossipDigestAck shadowAck;
    private int shadowSize;

    // --- accessors for DirectionSearch ------------------------------------------------------

    boolean backConnection() {
        return backConnection;
    }

    /** Longest any probe may take to reach an outcome; past it the probe counts as not sent. */
    private static final Duration PROBE_LIMIT = Duration.ofSeconds(30);

    void track(Ticket t) {
        tickets.add(t);
        s.schedule(() -> {
            if (!t.done()) {
                t.notSent("no outcome within " + PROBE_LIMIT.toSeconds() + " s (stage: " + t.stage + ")");
            }
        }, PROBE_LIMIT);
        t.result.whenCompleteAsync((r, e) -> {
            if (r != null) {
                progress(r, t);
            }
        }, s.loop);
    }

    private UdpProber.Result udp;

    void udp(UdpProber.Result r) {
        udp = r;
    }

    private int senderLimited = Integer.MAX_VALUE;

    /** A message from the target arrived in segments of {@code ipSize}, smaller than we allowed. */
    void senderLimited(int ipSize) {
        s.loop.execute(() -> senderLimited = Math.min(senderLimited, ipSize));
    }

    void kernelPmtuOut(int pmtu) {
        if (pmtu > 0) {
            kernelPmtuOut = Math.min(kernelPmtuOut, pmtu);
        }
    }

    int kernelPmtuOut() {
        return kernelPmtuOut;
    }

    void report(ResponderReport r) {
        s.loop.execute(() -> lastReport = r);
    }

    ResponderReport lastReport() {
        return lastReport;
    }

    void exact(Direction d) {
        exactMillis[d.ordinal()] = (System.nanoTime() - startNanos) / 1_000_000;
    }

    List<String> notes() {
        return notes;
    }

    private void progress(ProbeRecord r, Ticket t) {
        String what = switch (r.outcome()) {
            case CROSSED -> "crossed";
            case CROSSED_LATE -> "crossed after a retransmission";
            case LOST -> "LOST";
            case NOT_SENT -> "not sent: " + t.note;
        };
        s.say(String.format("%-12s %-6s %-5s %,8d B  largest packet %,6d B  %s (%.1f ms)", r.direction().arrow(),
                r.kind().name().toLowerCase(), r.message(), r.messageBytes(), r.ipSize(), what,
                r.elapsed().toNanos() / 1e6));
    }

    // --- phase 5: conclusions -----------------------------------------------------------------

    private CompletableFuture<TargetReport> finish() {
        CompletableFuture<Message> last = s.kind == TargetKind.RESPONDER && backConnection
                ? openToSink(ConnectionType.URGENT_MESSAGES).thenComposeAsync(this::sendEcho, s.loop)
                : CompletableFuture.completedFuture(null);
        CompletableFuture<?>[] all = tickets.stream().map(t -> t.result).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(all).thenCombine(last, (v, echo) -> echo).thenApplyAsync(echo -> {
            if (echo != null) {
                ResponderReport.from(echo).ifPresent(r -> lastReport = r);
            }
            Conclusions c = new Conclusions(s, context(), route, tickets.stream().map(t -> t.result.join()).toList(),
                    udp, kernelPmtuOut, mainAtConnect, mainAccepted, echoReport, lastReport, shadowSize, shadowAck,
                    senderLimited == Integer.MAX_VALUE ? 0 : senderLimited);
            if (!backConnection) {
                String why = "one-way: " + s.label + " never connected back to " + shared.mainEndpoint()
                        + " (its ECHO answer and shadow-round ACK never came), though we reach it: a firewall lets this "
                        + "host connect out but not the target connect in; open TCP port " + shared.mainEndpoint().port()
                        + " from it to here";
                PathVerdict in = Verdicts.of(Direction.INBOUND, context(), PathStatus.UNREACHABLE, why,
                        List.of(Verdicts.fact(Evidence.Kind.HANDSHAKE_UNANSWERED, why)), List.of());
                return report(c.outbound(), in, null);
            }
            return report(c.outbound(), c.inbound(), c.needs());
        }, s.loop);
    }

    PathContext context() {
        String iface = lastReport != null && !lastReport.interfaceName().isEmpty() ? lastReport.interfaceName() : null;
        return new PathContext(io.netty.util.NetUtil.toAddressString(s.local), route.device(), route.gateway(),
                io.netty.util.NetUtil.toAddressString(s.target.getAddress()), iface, s.overhead, s.target.getPort());
    }

    private TargetReport report(PathVerdict out, PathVerdict in, ClusterNeeds needs) {
        List<ProbeRecord> probes = tickets.stream().filter(t -> t.result.isDone()).map(t -> t.result.join()).toList();
        Double rtt = mainAtConnect == null ? null : mainAtConnect.rtt() / 1000.0;
        return new TargetReport(s.label, s.kind, main == null ? null : s.version.id(), rtt, io.netty.util.NetUtil.toAddressString(s.local), out,
                in, needs, exactMillis, (System.nanoTime() - startNanos) / 1_000_000,
                io.gossippreflight.probe.socket.HostNetwork.tcpMtuProbing().isPresent()
                        ? io.gossippreflight.probe.socket.HostNetwork.tcpMtuProbing().getAsInt() : null, notes, probes);
    }

    Duration sinceStart() {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
