package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.IcmpNow;
import io.gossippreflight.probe.classify.PathContext;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.classify.Verdicts;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.udp.IcmpWitness;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The check of one target, phase after phase, each handing its result to the next: connect and
 * handshake; does the target connect back (ECHO); the shadow round; target → us (ladder and
 * bisection), whose lanes open beside the ECHO and the shadow round (abandoned when either shows
 * there is nothing to search); us → target, over connections opened before anything large
 * crossed, once target → us opens no more lanes; the DF UDP probe; then the verdicts, from the
 * results alone ({@link Conclusions}).
 */
final class TargetCheck {
    private final CheckEnv env;
    private final SharedListeners shared;
    private final Inbox inbox;

    /** Whether ICMP reaches us now (our host held a path MTU before the check), from our witness. */
    private CompletableFuture<IcmpNow> outNow = CompletableFuture.completedFuture(IcmpNow.NOT_TESTED);
    /** The same for the target (our responder's host held one towards us), from its witness. */
    private CompletableFuture<IcmpNow> inNow = CompletableFuture.completedFuture(IcmpNow.NOT_TESTED);
    /** Our responder's host held a path MTU towards us before the check (its first report, as of our first connection). */
    private boolean targetHeldPmtu;

    TargetCheck(CheckEnv env, SharedListeners shared) {
        this.env = env;
        this.shared = shared;
        this.inbox = new Inbox(env);
    }

    CompletableFuture<TargetReport> run() {
        shared.register(env.target(), inbox);
        CompletableFuture<TargetReport> out = new CompletableFuture<>();
        env.loop().execute(() -> {
            // target → us's first lanes open with the main connection (not over TLS: see connected)
            LaneStarts starts = env.net().encrypts() ? null : openLanes();
            ConnectPhase.run(env).thenCompose(r -> r.stopped() != null
                ? CompletableFuture.completedFuture(stopped(r.stopped(), null, null))
                : connected(r.connected(), starts)).whenComplete((report, e) -> {
                    if (starts != null) {
                        starts.close();
                    }
                    shared.unregister(env.target());
                    if (e != null) {
                        out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    } else {
                        out.complete(report);
                    }
                });
        });
        return out;
    }

    /** The first round's lanes; none (each probe opens its own) if they cannot even be asked for. */
    private LaneStarts openLanes() {
        try {
            return LaneStarts.open(env);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private CompletableFuture<TargetReport> connected(ConnectPhase.Connected c, LaneStarts starts) {
        outNow = icmpOut(c);
        // the pool opens while the ECHO goes (both before anything large crosses); its warm-up ECHO
        // is safe for any target. Over TLS it opens once the ECHO is answered: dozens of TLS handshakes
        // at once keep both hosts' CPUs busy for a second or more, and the target's TLS connection back
        // to us, which carries the ECHO answer, would wait behind them
        LinkPool pool = new LinkPool(env, TargetKind.CASSANDRA);
        int poolSize = OutboundSearch.poolSize(env.options(), TargetKind.RESPONDER);
        CompletableFuture<ConnectBackPhase.Result> echo = ConnectBackPhase.run(env, c.main(), inbox, c.timing());
        java.util.function.Supplier<CompletableFuture<Void>> prefill = () -> CompletableFuture.allOf(
                pool.prefill(ConnectionType.URGENT_MESSAGES, poolSize),
                pool.prefill(ConnectionType.LARGE_MESSAGES, OutboundSearch.largePoolSize(env.options())));
        CompletableFuture<Void> poolReady = env.net().encrypts()
                ? echo.handle((b, e) -> null).thenCompose(x -> prefill.get())
                : prefill.get();
        LadderPayloads payloads = new LadderPayloads(env.options().clusterName(), env.options().partitioner(),
                c.version(), ladderSizes(), env.net().background());
        // target → us opens its lanes now, beside the ECHO and the shadow round: a lane costs about six round
        // trips, which those then hide. Its probes are safe for a real node whatever the ECHO shows, and an
        // answer tells our responder by its report. Not over TLS (two dozen handshakes at once would hold up
        // the ECHO, as the pool's would) nor before 4.0 (a 3.x node gets no lanes: PRE40_INBOUND)
        CompletableFuture<Void> abandon = new CompletableFuture<>();
        CompletableFuture<Void> inboundSettled = new CompletableFuture<>();
        CompletableFuture<DirectionResult> early = c.version().isModern() && !env.net().encrypts()
                ? inboundSearch(c, TargetKind.CASSANDRA, payloads, inboundSettled, abandon, starts) : null;
        if (early == null && starts != null) {
            starts.close(); // a 3.x node: its lanes, if any, open later at its version
        }
        return echo.thenCombine(poolReady, (back, v) -> back)
                .thenCompose(back -> {
                    TargetKind kind = back.kind();
                    if (kind == TargetKind.RESPONDER) {
                        payloads.prepareAck2(ladderSizes());
                        inNow = icmpIn(c, back);
                    }
                    if (!c.version().isModern() && !back.connectsBack()
                            && shared.mainEndpoint().port() != env.target().getPort()) {
                        return CompletableFuture.completedFuture(stopped(new ConnectPhase.Stopped(PathStatus.INCONCLUSIVE,
                                env.label() + " speaks messaging version " + c.version().id() + " (Cassandra 3.x), "
                                        + "which answers at its own storage port " + env.target().getPort()
                                        + " (a 3.x address has no port), and we listen on port "
                                        + shared.mainEndpoint().port() + ": no answer could reach us; check again "
                                        + "listening on that port (--listen ADDRESS:" + env.target().getPort() + ")"),
                                c, kind));
                    }
                    boolean pre40Node = pre40Node(c, kind);
                    // a target that does not connect back, or ignores our SYNs (the shadow round tells), abandons
                    // the search started early; otherwise it starts now, beside the shadow round
                    CompletableFuture<DirectionResult> inbound;
                    if (early != null && !back.connectsBack()) {
                        abandon.complete(null);
                        inbound = early.handle((r, e) -> DirectionResult.none(Direction.INBOUND, null));
                    } else {
                        inbound = early != null ? early : inbound(c, back, kind, payloads, inboundSettled, abandon);
                    }
                    // us → target starts once target → us opens no more lanes, the shadow round's result or not: its
                    // answers come over connections opened before (the target's to our main port, for the ECHO; the
                    // sink's at the smallest MSS), which an ICMP our probes draw cannot change. Not against a 3.x
                    // node: its connection back for the shadow ACK opens only now, at an MSS such an ICMP would cap.
                    // Nor over TLS: every probe connection there is a handshake the seed signs, and a busy seed answers
                    // them late, so the searches keep to their turn there, as the pool does
                    boolean afterShadow = pre40Node || env.net().encrypts();
                    // completed with whether the target ignores our SYNs (then neither goes out)
                    CompletableFuture<Boolean> shadowIgnored = new CompletableFuture<>();
                    // the schema pull too (read-only, answered at the smallest MSS): its answer, 13 KB and more in
                    // segments of a few hundred bytes, takes several round trips of slow start
                    // a 3.x node would answer a schema pull at our natural MSS, not at the safe one: not asked
                    CompletableFuture<Integer> schema = !back.connectsBack() || pre40Node
                            ? CompletableFuture.completedFuture(0)
                            : (afterShadow ? shadowIgnored.thenApply(v -> null) : CompletableFuture.completedFuture(null))
                                    .thenCompose(v -> shadowIgnored.getNow(false) ? CompletableFuture.completedFuture(0)
                                            : SchemaPullPhase.run(env, inbox, c.timing(), kind));
                    CompletableFuture<DirectionResult> outbound = (afterShadow ? shadowIgnored.thenCompose(v -> inboundSettled)
                            : inboundSettled).thenCompose(v -> shadowIgnored.getNow(false)
                                    ? CompletableFuture.completedFuture(DirectionResult.none(Direction.OUTBOUND, null))
                                    : OutboundSearch.run(env, c.timing(), pool, payloads, kind, c.version()));
                    return (pre40Node ? ShadowPhase.runOnMain(env, c, back.connectsBack(), inbox, kind)
                            : ShadowPhase.run(env, c, back.connectsBack(), inbox, kind)).thenCompose(shadow -> {
                        shadowIgnored.complete(shadow.ignored()); // no us → target search for a target that ignores our SYNs
                        if (shadow.ignored()) {
                            abandon.complete(null);
                            return inbound.handle((r, e) -> null).thenCompose(v -> MismatchPhase.run(env, kind))
                                    .thenApply(s -> stopped(s, c, kind));
                        }
                        return searches(c, back, kind, shadow, inbound, schema, outbound);
                    });
                }).whenComplete((r, e) -> {
                    abandon.complete(null); // whatever ended the check, no lane stays open
                    pool.close();
                    c.main().close();
                });
    }

    /**
     * Why target → us is judged by the shadow-round ACK alone against a real 3.x node: it answers
     * at its own storage port over one connection of its own, whatever we advertise, so no probe of
     * ours can choose its MSS or get a port of its own.
     */
    static final String PRE40_INBOUND = "target → us is judged by the shadow-round ACK at our own MSS only: a 3.x node "
            + "answers at its storage port over one connection of its own (a 3.x address has no port), so no ladder or "
            + "bisection runs that way; against `probe serve --messaging-version 11` there it does";

    /**
     * Against a 3.x node the shadow-round ACK is the only probe target → us: when it took no packet
     * of a full segment at our MSS, sizes above it are untested, not healthy (a small cluster's ACK
     * fits in one smaller packet).
     */
    private PathVerdict pre40Inbound(CheckFacts f, PathVerdict judged, ProbeRecord shadow) {
        if (f.connectsBack() && (shadow == null || !shadow.outcome().crossed())) {
            // 3.x sends every ACK on one gossip connection, in order, and drops a foreign SYN without a word:
            // no ACK at all is a black hole towards us or a SYN it ignored, and nothing here tells which
            return new PathVerdict(judged.from(), judged.to(), PathStatus.INCONCLUSIVE, judged.mtu(),
                    io.gossippreflight.verdict.Confidence.LOW, "target → us is untested: no shadow-round ACK reached us "
                            + "within " + ShadowPhase.WAIT.toSeconds() + " s though the node answers ECHO; either its "
                            + "full-size packets towards us are lost (a black hole: every later gossip ACK waits behind "
                            + "it on its one gossip connection) or it ignores our SYN (another cluster_name or "
                            + "partitioner: a 3.x node logs a warning and drops it). Check --cluster-name and "
                            + "--partitioner, then measure with `probe serve --messaging-version 11` on the target's host",
                    judged.evidence(), judged.fixes(), judged.warnings());
        }
        if (judged.status() != PathStatus.HEALTHY || shadow == null) {
            return judged;
        }
        int full = ShadowPhase.naturalIpSizeOfWire(f, Integer.MAX_VALUE);
        if (shadow.ipSize() >= full) {
            return judged;
        }
        return new PathVerdict(judged.from(), judged.to(), PathStatus.INCONCLUSIVE, judged.mtu(),
                io.gossippreflight.verdict.Confidence.MEDIUM, String.format("target → us is untested above %,d bytes: "
                        + "the cluster's %,d-byte shadow-round ACK crossed in packets of at most that size, below a full "
                        + "segment (%,d bytes), and a 3.x node sends nothing larger to us on request; check from this "
                        + "host against `probe serve --messaging-version 11` on the target's host for the exact MTU",
                        shadow.ipSize(), shadow.messageBytes(), full), judged.evidence(), judged.fixes(),
                judged.warnings());
    }

    /** A real node speaking the pre-4.0 protocol (our responder names the port to answer at; a 3.x node cannot). */
    private static boolean pre40Node(ConnectPhase.Connected c, TargetKind kind) {
        return !c.version().isModern() && kind != TargetKind.RESPONDER;
    }

    private List<Integer> ladderSizes() {
        List<Integer> sizes = new ArrayList<>(env.options().ladder());
        sizes.add(OutboundSearch.SENTINEL_BYTES);
        return sizes;
    }

    /** Target → us once the ECHO was answered: the search over lanes, or why there is none. */
    private CompletableFuture<DirectionResult> inbound(ConnectPhase.Connected c, ConnectBackPhase.Result back,
            TargetKind kind, LadderPayloads payloads, CompletableFuture<Void> settled, CompletableFuture<Void> abandon) {
        if (pre40Node(c, kind) || !back.connectsBack()) {
            settled.complete(null);
            return CompletableFuture.completedFuture(DirectionResult.none(Direction.INBOUND,
                    pre40Node(c, kind) ? PRE40_INBOUND : null));
        }
        return inboundSearch(c, kind, payloads, settled, abandon, null);
    }

    /** Target → us over lanes; {@code settled} as InboundSearch says, and at the latest when it ends. */
    private CompletableFuture<DirectionResult> inboundSearch(ConnectPhase.Connected c, TargetKind kind,
            LadderPayloads payloads, CompletableFuture<Void> settled, CompletableFuture<Void> abandon,
            LaneStarts starts) {
        CompletableFuture<DirectionResult> inbound = payloads.ready().thenComposeAsync(v -> InboundSearch.run(env,
                c.timing(), payloads, kind, c.version(), inbox, settled, abandon, starts), env.executor());
        inbound.whenComplete((r, e) -> settled.complete(null));
        return inbound;
    }

    /**
     * Once the shadow round is done: {@code inbound}, {@code schema} and {@code outbound} started
     * before it (us → target once target → us will open no more lanes, see InboundSearch).
     */
    private CompletableFuture<TargetReport> searches(ConnectPhase.Connected c, ConnectBackPhase.Result back,
            TargetKind kind, ShadowPhase.Result shadow, CompletableFuture<DirectionResult> inbound,
            CompletableFuture<Integer> schema, CompletableFuture<DirectionResult> outbound) {
        // the answer at our own MSS is still awaited (its hole's time) while the searches go on
        // the last ECHO's connection opens now and waits idle: at the end only the ECHO's round trip is left
        CompletableFuture<Link> reportLink = kind == TargetKind.RESPONDER && back.connectsBack() ? reportLink() : null;
        return schema.thenCompose(schemaBytes -> inbound.thenCompose(in -> outbound.thenCompose(out -> udp(kind, back,
                out).thenCompose(udp -> lastReport(reportLink).thenCompose(v -> shadow.atOwnMss()).thenCompose(own ->
                        outNow.thenCombine(inNow, (o, i) -> conclude(c, back, kind,
                                new ShadowPhase.Shadow(shadow.sinkAck(), own), schemaBytes, out, in, udp, o, i)))))))
                .whenComplete((r, e) -> {
                                    if (reportLink != null) {
                                        reportLink.thenAccept(Link::close); // the check ended before the last ECHO
                                    }
                                });
    }

    /**
     * The DF UDP probe: when asked, and always against our responder when a path MTU our host
     * learned keeps TCP from testing target → us above it (UDP does not depend on our MSS).
     */
    private CompletableFuture<UdpProber.Result> udp(TargetKind kind, ConnectBackPhase.Result back, DirectionResult out) {
        // TCP cannot test above a path MTU either kernel held before the check: DF UDP can (and the verdict
        // then rests on it) against our responder
        boolean masked = env.route().icmpLearnedMtu().isPresent() || targetHeldPmtu;
        if (!env.options().udp() && !(masked && kind == TargetKind.RESPONDER)) {
            return CompletableFuture.completedFuture(null);
        }
        if (kind != TargetKind.RESPONDER) {
            env.say("--udp needs our responder at the target (Cassandra has no UDP probe): skipped");
            return CompletableFuture.completedFuture(null);
        }
        if (masked && !env.options().udp()) {
            env.say("a path MTU learned before the check caps TCP: DF UDP tests both directions above it");
        }
        return env.net().udp(env.target(), env.local(), env.localMtu(), env.localMtu(), env.options().timeouts())
                .handle((r, e) -> {
                    if (e != null) {
                        env.say("UDP probe not run: " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()));
                        return null;
                    }
                    if (!r.answered()) {
                        env.say("UDP probe: no answer from " + env.label() + "/udp (filtered?)");
                        return null;
                    }
                    env.say("DF UDP probe done: " + r.outbound().size() + " datagrams out, " + r.inbound().size() + " back");
                    return r;
                });
    }

    /** A witness datagram that reaches any host that takes UDP at all (a minimum IPv4 reassembly size). */
    private static final int SMALL_WITNESS = 576;
    /** The largest IP datagram a witness sends. */
    private static final int MAX_WITNESS = 65_535;

    /**
     * A path MTU our host learned from ICMP before the check keeps our TCP below it, so no probe of
     * ours draws a new ICMP, and that it was learned says only that ICMP arrived once: whether it
     * still does, an ICMP witness tells (a small datagram to the target's port, to show UDP gets
     * there at all, and one of our interface MTU, DF set, beside it). Runs beside the whole check.
     */
    private CompletableFuture<IcmpNow> icmpOut(ConnectPhase.Connected c) {
        java.util.OptionalInt learned = env.route().icmpLearnedMtu();
        if (learned.isEmpty() || learned.getAsInt() >= env.localMtu()) {
            return CompletableFuture.completedFuture(IcmpNow.NOT_TESTED);
        }
        return icmpOut(c, "this host holds path MTU " + learned.getAsInt() + " towards the target from before the check");
    }

    private CompletableFuture<IcmpNow> icmpOut(ConnectPhase.Connected c, String why) {
        Duration wait = IcmpWitness.waitFor(Duration.ofNanos(c.timing().srttNanos()));
        int large = Math.min(env.localMtu(), MAX_WITNESS);
        env.say(why + ": a DF datagram of " + large + " bytes tests whether ICMP \"too big\" still reaches us");
        // the small one ends at its first answer; a busy target's answer may come late, and then it is waited for
        CompletableFuture<IcmpWitness.Outcome> small = env.net().icmpWitness(env.target(), env.local(),
                SMALL_WITNESS, wait.multipliedBy(3));
        CompletableFuture<IcmpWitness.Outcome> big = env.net().icmpWitness(env.target(), env.local(), large, wait);
        return small.thenCombine(big, IcmpNow::of).handle((r, e) -> {
            IcmpNow now = e != null ? IcmpNow.UNANSWERED : r;
            env.say("ICMP test us → target: " + describe(now));
            return now;
        });
    }

    /**
     * The same the other way, against our responder whose host held a path MTU towards us before the
     * check (its first report shows it): it runs the witness towards us and reports.
     */
    private CompletableFuture<IcmpNow> icmpIn(ConnectPhase.Connected c, ConnectBackPhase.Result back) {
        ResponderReport r = back.report();
        java.util.OptionalInt held = r == null ? java.util.OptionalInt.empty() : r.heldAtAccept();
        if (held.isEmpty()) {
            return CompletableFuture.completedFuture(IcmpNow.NOT_TESTED);
        }
        targetHeldPmtu = true;
        if (outNow.getNow(null) == IcmpNow.NOT_TESTED) {
            // it caps the MSS it advertises, so our TCP stays below it too and draws no ICMP either
            outNow = icmpOut(c, "the target's host holds path MTU " + held.getAsInt() + " towards us, which keeps our "
                    + "segments below it");
        }
        Duration wait = IcmpWitness.waitFor(Duration.ofNanos(c.timing().srttNanos()));
        int large = Math.min(Math.min(env.localMtu(), r.interfaceMtu()), MAX_WITNESS);
        env.say("the target's host holds path MTU " + held.getAsInt() + " towards us from before the check: our "
                + "responder's DF datagram of " + large + " bytes tests whether ICMP \"too big\" still reaches it");
        return env.net().askIcmpWitness(env.target(), env.local(), large, wait).handle((o, e) -> {
            IcmpNow now = e != null ? IcmpNow.UNANSWERED : IcmpNow.ofReport(o);
            env.say("ICMP test target → us: " + describe(now));
            return now;
        });
    }

    private static String describe(IcmpNow now) {
        return switch (now) {
            case ARRIVES -> "ICMP \"too big\" came back";
            case SILENT -> "small datagrams cross, the large ones vanish and no ICMP came back";
            case NO_LIMIT -> "the large datagram crossed";
            case UNANSWERED -> "no answer even to small datagrams (UDP filtered?)";
            case NOT_TESTED -> "not run";
        };
    }

    /** The connection the last ECHO goes on ({@link #lastReport}). */
    private CompletableFuture<Link> reportLink() {
        return env.net().connect(new Link.Spec(env.target(), env.local(), env.sink(), ConnectionType.URGENT_MESSAGES,
                env.safeMss(), env.options().timeouts().connect(), env.options().minVersion(),
                env.options().maxVersion()));
    }

    /**
     * A last ECHO to our responder (null {@code link}: none, the target is no responder of ours or
     * does not connect back): its report then says what its kernels learned during the check. The
     * connection opened with the searches; should it have failed or closed since, a new one.
     */
    private CompletableFuture<Void> lastReport(CompletableFuture<Link> link) {
        if (link == null) {
            return CompletableFuture.completedFuture(null);
        }
        return link.thenCompose(l -> l.isOpen() ? CompletableFuture.completedFuture(l) : reportLink())
                .exceptionallyCompose(e -> reportLink())
                .thenCompose(l -> ConnectBackPhase.echo(env, l, inbox, ConnectBackPhase.WAIT).whenComplete((m, e) -> l.close()))
                .handle((Message m, Throwable e) -> {
                    if (m != null) {
                        ResponderReport.from(m).ifPresent(inbox::report);
                    }
                    return null;
                });
    }

    private TargetReport conclude(ConnectPhase.Connected c, ConnectBackPhase.Result back, TargetKind kind,
            ShadowPhase.Shadow shadow, int schemaBytes, DirectionResult out, DirectionResult in, UdpProber.Result udp,
            IcmpNow outIcmp, IcmpNow inIcmp) {
        CheckFacts f = new CheckFacts(context(), env.overhead(), env.localMtu(), env.route(), env.options(), kind,
                c.version(), c.atConnect(), inbox.mainAccepted(), back.report(), inbox.lastReport(), back.connectsBack(),
                shadow, schemaBytes, out, in, udp, c.main().wireCost(), outIcmp, inIcmp);
        PathVerdict outbound = Conclusions.outbound(f);
        PathVerdict inbound = pre40Node(c, kind) ? pre40Inbound(f, Conclusions.inbound(f), shadow.atOwnMss())
                : Conclusions.inbound(f);
        List<ProbeRecord> probes = new ArrayList<>(in.probes());
        if (shadow.atOwnMss() != null) {
            probes.add(0, shadow.atOwnMss());
        }
        probes.addAll(out.probes());
        List<String> notes = new ArrayList<>(in.notes());
        notes.addAll(out.notes());
        if (c.note() != null) {
            notes.add(0, c.note());
        }
        return report(kind, c, outbound, inbound, Conclusions.needs(f, outbound, inbound),
                new long[] {out.exactMillis(), in.exactMillis()}, notes, probes);
    }

    /** A report for a target the check could not get past a first step with. */
    private TargetReport stopped(ConnectPhase.Stopped s, ConnectPhase.Connected c, TargetKind kind) {
        env.say(s.status().description() + ": " + s.why());
        Evidence.Kind ek = switch (s.status()) {
            case REFUSED -> Evidence.Kind.CONNECTION_REFUSED;
            case UNREACHABLE -> Evidence.Kind.HANDSHAKE_UNANSWERED;
            case MISMATCH -> Evidence.Kind.GOSSIP_IGNORED;
            default -> Evidence.Kind.NOTE;
        };
        PathContext ctx = context();
        List<Evidence> ev = List.of(Verdicts.fact(ek, s.why()));
        if (s.inboundOnly()) {
            PathVerdict in = Verdicts.of(Direction.INBOUND, ctx, s.status(), s.why(), ev, List.of());
            PathVerdict out = Verdicts.of(Direction.OUTBOUND, ctx, PathStatus.INCONCLUSIVE, "not probed: no TLS connection "
                    + "to " + env.label() + " completes at the natural MSS", List.of(), List.of());
            return report(kind, c, out, in, null, new long[] {-1, -1}, List.of(), List.of());
        }
        PathVerdict out = Verdicts.of(Direction.OUTBOUND, ctx, s.status(), s.why(), ev, List.of());
        boolean both = s.status() == PathStatus.TLS_EXPECTED || s.status() == PathStatus.TLS_FAILED
                || s.status() == PathStatus.MISMATCH || s.status() == PathStatus.NOT_GOSSIP;
        PathVerdict in = Verdicts.of(Direction.INBOUND, ctx, both ? s.status() : PathStatus.INCONCLUSIVE,
                both ? s.why() : "not probed: " + env.label() + " could not be reached", both ? ev : List.of(), List.of());
        return report(kind, c, out, in, null, new long[] {-1, -1}, List.of(), List.of());
    }

    private PathContext context() {
        ResponderReport r = inbox.lastReport();
        String iface = r != null && !r.interfaceName().isEmpty() ? r.interfaceName() : null;
        return new PathContext(io.netty.util.NetUtil.toAddressString(env.local()), env.route().device(),
                env.route().gateway(), io.netty.util.NetUtil.toAddressString(env.target().getAddress()), iface,
                env.overhead(), env.target().getPort());
    }

    private TargetReport report(TargetKind kind, ConnectPhase.Connected c, PathVerdict out, PathVerdict in,
            ClusterNeeds needs, long[] exactMillis, List<String> notes, List<ProbeRecord> probes) {
        Double rtt = c == null || c.atConnect() == null ? null : c.atConnect().rtt() / 1000.0;
        return new TargetReport(env.label(), c == null ? null : kind, c == null ? null : c.version().id(), rtt,
                io.netty.util.NetUtil.toAddressString(env.local()), out, in, needs, exactMillis,
                env.sinceStart().toMillis(), env.net().tcpMtuProbing().isPresent()
                        ? env.net().tcpMtuProbing().getAsInt() : null, notes, probes);
    }
}
