package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.PathContext;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.classify.Verdicts;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.verdict.Evidence;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.verdict.PathVerdict;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The check of one target, phase after phase, each handing its result to the next: connect and
 * handshake; does the target connect back (ECHO); the shadow round; target → us (ladder and
 * bisection); us → target, over connections opened before anything large crossed; the DF UDP
 * probe; then the verdicts, from the results alone ({@link Conclusions}).
 */
final class TargetCheck {
    private final CheckEnv env;
    private final SharedListeners shared;
    private final Inbox inbox;

    TargetCheck(CheckEnv env, SharedListeners shared) {
        this.env = env;
        this.shared = shared;
        this.inbox = new Inbox(env);
    }

    CompletableFuture<TargetReport> run() {
        shared.register(env.target(), inbox);
        CompletableFuture<TargetReport> out = new CompletableFuture<>();
        env.loop().execute(() -> ConnectPhase.run(env).thenCompose(r -> r.stopped() != null
                ? CompletableFuture.completedFuture(stopped(r.stopped(), null, null))
                : connected(r.connected())).whenComplete((report, e) -> {
                    shared.unregister(env.target());
                    if (e != null) {
                        out.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
                    } else {
                        out.complete(report);
                    }
                }));
        return out;
    }

    private CompletableFuture<TargetReport> connected(ConnectPhase.Connected c) {
        // the pool opens while the ECHO goes (both before anything large crosses); its warm-up ECHO
        // is safe for any target
        LinkPool pool = new LinkPool(env, TargetKind.CASSANDRA);
        CompletableFuture<Void> poolReady = pool.prefill(ConnectionType.URGENT_MESSAGES,
                OutboundSearch.poolSize(env.options(), TargetKind.RESPONDER));
        return ConnectBackPhase.run(env, c.main(), inbox, c.timing()).thenCombine(poolReady, (back, v) -> back)
                .thenCompose(back -> {
                    TargetKind kind = back.kind();
                    LadderPayloads payloads = new LadderPayloads(env.options().clusterName(), env.options().partitioner(),
                            c.version(), ladderSizes(), kind == TargetKind.RESPONDER, env.net().background());
                    return ShadowPhase.run(env, c, back.connectsBack(), inbox, kind).thenCompose(shadow -> {
                        if (shadow.ignored()) {
                            return MismatchPhase.run(env, kind).thenApply(s -> stopped(s, c, kind));
                        }
                        return searches(c, back, kind, payloads, pool, shadow);
                    });
                }).whenComplete((r, e) -> {
                    pool.close();
                    c.main().close();
                });
    }

    private List<Integer> ladderSizes() {
        List<Integer> sizes = new ArrayList<>(env.options().ladder());
        sizes.add(OutboundSearch.SENTINEL_BYTES);
        return sizes;
    }

    private CompletableFuture<TargetReport> searches(ConnectPhase.Connected c, ConnectBackPhase.Result back,
            TargetKind kind, LadderPayloads payloads, LinkPool pool, ShadowPhase.Result shadow) {
        // the answer at our own MSS is still awaited (its hole's time) while the searches go on
        CompletableFuture<DirectionResult> inbound = back.connectsBack()
                ? payloads.ready().thenComposeAsync(v -> InboundSearch.run(env, c.timing(), payloads, kind, c.version(),
                        inbox), env.executor())
                : CompletableFuture.completedFuture(DirectionResult.none(Direction.INBOUND, null));
        CompletableFuture<Integer> schema = back.connectsBack() ? SchemaPullPhase.run(env, inbox, c.timing(), kind)
                : CompletableFuture.completedFuture(0);
        return schema.thenCompose(schemaBytes -> inbound.thenCompose(in -> OutboundSearch.run(env, c.timing(), pool,
                payloads, kind, c.version()).thenCompose(out -> udp(kind, back, out).thenCompose(udp -> lastReport(kind,
                        back, c).thenCompose(v -> shadow.atOwnMss()).thenApply(own -> conclude(c, back, kind,
                                new ShadowPhase.Shadow(shadow.sinkAck(), own), schemaBytes, out, in, udp))))));
    }

    /**
     * The DF UDP probe: when asked, and always against our responder when a path MTU our host
     * learned keeps TCP from testing target → us above it (UDP does not depend on our MSS).
     */
    private CompletableFuture<UdpProber.Result> udp(TargetKind kind, ConnectBackPhase.Result back, DirectionResult out) {
        boolean masked = env.route().icmpLearnedMtu().isPresent();
        if (!env.options().udp() && !(masked && kind == TargetKind.RESPONDER)) {
            return CompletableFuture.completedFuture(null);
        }
        if (kind != TargetKind.RESPONDER) {
            env.say("--udp needs our responder at the target (Cassandra has no UDP probe): skipped");
            return CompletableFuture.completedFuture(null);
        }
        if (masked && !env.options().udp()) {
            env.say("this host holds a learned path MTU towards the target: DF UDP tests target → us above it");
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

    /** A last ECHO to our responder: its report then says what its kernels learned during the check. */
    private CompletableFuture<Void> lastReport(TargetKind kind, ConnectBackPhase.Result back, ConnectPhase.Connected c) {
        if (kind != TargetKind.RESPONDER || !back.connectsBack()) {
            return CompletableFuture.completedFuture(null);
        }
        return env.net().connect(new Link.Spec(env.target(), env.local(), env.sink(), ConnectionType.URGENT_MESSAGES,
                env.safeMss(), env.options().timeouts().connect(), env.options().minVersion(),
                env.options().maxVersion())).thenCompose(l -> ConnectBackPhase.echo(env, l, inbox, ConnectBackPhase.WAIT)
                        .whenComplete((m, e) -> l.close()))
                .handle((Message m, Throwable e) -> {
                    if (m != null) {
                        ResponderReport.from(m).ifPresent(inbox::report);
                    }
                    return null;
                });
    }

    private TargetReport conclude(ConnectPhase.Connected c, ConnectBackPhase.Result back, TargetKind kind,
            ShadowPhase.Shadow shadow, int schemaBytes, DirectionResult out, DirectionResult in, UdpProber.Result udp) {
        CheckFacts f = new CheckFacts(context(), env.overhead(), env.localMtu(), env.route(), env.options(), kind,
                c.version(), c.atConnect(), inbox.mainAccepted(), back.report(), inbox.lastReport(), back.connectsBack(),
                shadow, schemaBytes, out, in, udp, c.main().wireCost());
        PathVerdict outbound = Conclusions.outbound(f);
        PathVerdict inbound = Conclusions.inbound(f);
        List<ProbeRecord> probes = new ArrayList<>(in.probes());
        if (shadow.atOwnMss() != null) {
            probes.add(0, shadow.atOwnMss());
        }
        probes.addAll(out.probes());
        List<String> notes = new ArrayList<>(in.notes());
        notes.addAll(out.notes());
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
