package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.Bisection;
import io.gossippreflight.probe.plan.RoundSearch;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * Both directions at once: the ladder of growing messages at the sender's own segment size,
 * then — when the ladder lost a size and no kernel learned a smaller path MTU — a k-ary search
 * on the segment size (TCP_MAXSEG) down to the byte, k probes in flight per round, each on its
 * own connection; and the DF UDP probe against our responder.
 */
final class DirectionSearch {
    /**
     * Small single-segment probes sent besides the ladder: a lost one is recovered only by the
     * retransmission timer, which is how random loss shows itself (a size limit never loses them).
     */
    private static final int SENTINELS_OUT = 24;
    /**
     * Towards us, sentinels go in groups over lanes of their own: a SYN of ours lost holds up the
     * rest of its lane (those are not counted), so several short lanes keep most of them usable.
     */
    private static final int SENTINEL_LANES_IN = 8;
    private static final int SENTINELS_PER_LANE_IN = 10;
    private static final int SENTINEL_BYTES = 300;
    /** Bytes a bisection probe's message exceeds the segment by, so at least one segment is full. */
    private static final int MESSAGE_MARGIN = 200;

    private final SessionContext s;
    private final ProbeSession session;
    private final LadderPayloads payloads;

    DirectionSearch(SessionContext s, ProbeSession session) {
        this.s = s;
        this.session = session;
        List<Integer> sizes = new ArrayList<>(s.options.ladder());
        sizes.add(SENTINEL_BYTES);
        this.payloads = new LadderPayloads(s, sizes, s.kind == TargetKind.RESPONDER);
        this.witness = new Witness(s);
    }

    /** Stops what runs beside the search (the witness). */
    void close() {
        witness.stop();
    }

    /**
     * Target → us, first: our probes towards the target, where ICMP works, teach our kernel a
     * smaller path MTU, and from then on it advertises a smaller MSS on new connections — which
     * would hide a black hole towards us.
     */
    CompletableFuture<Void> inboundFirst() {
        return payloads.ready().thenComposeAsync(v -> session.backConnection() ? inbound()
                : CompletableFuture.<Void>completedFuture(null), s.loop);
    }

    private final Witness witness;

    /**
     * Then us → target, over connections opened before anything large crossed ({@link LinkPool});
     * the DF UDP probe last, for the same reason.
     */
    CompletableFuture<Void> thenOutbound(LinkPool pool) {
        return outbound(pool).thenComposeAsync(v -> udp(), s.loop);
    }

    /** IP size of the largest packet of a message sent at the natural MSS towards us. */
    static int naturalIpSize(SessionContext s, int messageBytes, TcpSnapshot accepted) {
        long framed = SizeLadder.framedBytes(messageBytes, CrcFrameFormat.INSTANCE.overhead());
        int cap = accepted != null && accepted.advmss() > 0 ? s.overhead.ipSizeForMss(accepted.advertisedMssOption()) : s.localMtu;
        return (int) Math.min(framed + s.overhead.tcpHeaders(true), Math.min(cap, s.localMtu));
    }

    /** How many outbound connections to open before anything large crosses. */
    int poolSize() {
        return s.options.ladder().size() * (s.kind == TargetKind.RESPONDER ? 2 : 1) + SENTINELS_OUT + 2 * s.options.parallel() + 2;
    }

    private CompletableFuture<Void> outbound(LinkPool pool) {
        OutboundProber p = new OutboundProber(s, pool, payloads, session::kernelPmtuOut);
        List<Ticket> ladder = new ArrayList<>();
        for (int size : s.options.ladder()) {
            Ticket t = p.ladder("SYN", size);
            session.track(t);
            ladder.add(t);
            if (s.kind == TargetKind.RESPONDER) {
                session.track(p.ladder("ACK2", size));
            }
        }
        for (int i = 0; i < SENTINELS_OUT; i++) {
            session.track(p.ladder("SYN", SENTINEL_BYTES));
        }
        boolean[] limited = {false};
        return search(Direction.OUTBOUND, ladder, () -> session.kernelPmtuOut() < s.localMtu || limited[0], size -> {
            Ticket t = p.segment(size);
            session.track(t);
            return t.quick.thenApply(crossed -> {
                if (t.ipSize < size) {
                    limited[0] = true; // the kernel already sends smaller segments: this size cannot be tested
                }
                return crossed;
            }).thenCompose(c -> notSent(t) ? CompletableFuture.failedFuture(new IllegalStateException(t.note))
                    : CompletableFuture.completedFuture(c));
        });
    }

    private CompletableFuture<Void> inbound() {
        witness.start();
        InboundProber p = new InboundProber(s, payloads, session::report, session::senderLimited);
        List<Ticket> ladder = new ArrayList<>();
        for (int size : s.options.ladder()) {
            Ticket t = p.probe(ProbeKind.LADDER, size, 0, 0);
            session.track(t);
            ladder.add(t);
        }
        for (int i = 0; i < SENTINEL_LANES_IN; i++) {
            p.sentinels(SENTINELS_PER_LANE_IN).forEach(session::track);
        }
        boolean[] limited = {false};
        return search(Direction.INBOUND, ladder, () -> limited[0] || senderLearned(), size -> {
            Ticket t = p.probe(ProbeKind.BISECT, size + MESSAGE_MARGIN, s.overhead.mssForIpSize(size), size);
            session.track(t);
            return t.quick.thenApply(crossed -> {
                if (crossed && t.ipSize < size) {
                    limited[0] = true; // the sender's segments were smaller than we allowed: it knows a limit
                }
                return crossed;
            }).thenCompose(c -> notSent(t) ? CompletableFuture.failedFuture(new IllegalStateException(t.note))
                    : CompletableFuture.completedFuture(c));
        });
    }

    private boolean senderLearned() {
        ResponderReport r = session.lastReport();
        return r != null && r.replyPmtu() > 0 && r.interfaceMtu() > 0 && r.replyPmtu() < r.interfaceMtu();
    }

    private static boolean notSent(Ticket t) {
        return t.result.isDone() && t.result.join().outcome() == ProbeOutcome.NOT_SENT;
    }

    /**
     * After the ladder's quick results: bisect between the largest packet that crossed and the
     * smallest lost, unless nothing was lost or {@code stop} says the kernel knows the limit.
     */
    private CompletableFuture<Void> search(Direction d, List<Ticket> ladder, java.util.function.BooleanSupplier stop,
            IntFunction<CompletableFuture<Boolean>> probe) {
        CompletableFuture<?>[] quick = ladder.stream().map(t -> t.quick).toArray(CompletableFuture[]::new);
        return CompletableFuture.allOf(quick).thenComposeAsync(v -> {
            int crossed = 0;
            int lost = Integer.MAX_VALUE;
            for (Ticket t : ladder) {
                if (notSent(t)) {
                    continue;
                }
                if (t.quick.join()) {
                    crossed = Math.max(crossed, t.ipSize);
                } else {
                    lost = Math.min(lost, t.ipSize);
                }
            }
            if (lost == Integer.MAX_VALUE || crossed == 0 || lost <= crossed || stop.getAsBoolean()) {
                s.say(d.arrow() + ": no bisection (largest crossed " + crossed + ", smallest lost "
                        + (lost == Integer.MAX_VALUE ? "none" : lost) + (stop.getAsBoolean() ? ", the sender already "
                        + "limits its segments" : "") + ")");
                session.exact(d);
                return CompletableFuture.<Void>completedFuture(null);
            }
            Bisection b = new Bisection(crossed, Math.max(crossed, s.localMtu));
            if (lost <= b.upperBound()) {
                b.record(lost, false);
            }
            s.say(d.arrow() + ": the ladder lost " + lost + "-byte packets but " + crossed + " crossed; bisecting");
            return RoundSearch.run(b, s.options.parallel(), 1, probe::apply, stop)
                    .handleAsync((res, e) -> {
                        if (e != null) {
                            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            session.notes().add(d.arrow() + ": bisection stopped: " + c.getMessage());
                        } else {
                            session.exact(d);
                        }
                        return (Void) null;
                    }, s.loop);
        }, s.loop);
    }

    CompletableFuture<Void> udp() {
        if (!s.options.udp()) {
            return CompletableFuture.completedFuture(null);
        }
        if (s.kind != TargetKind.RESPONDER) {
            session.notes().add("--udp needs our responder at the target (Cassandra has no UDP probe): skipped");
            return CompletableFuture.completedFuture(null);
        }
        // opening binds synchronously: not on an event loop
        return CompletableFuture.supplyAsync(() -> UdpProber.open(s.group, s.target, new InetSocketAddress(s.local, 0)))
                .thenCompose(prober -> prober.run(s.localMtu, s.localMtu, 32, s.options.timeouts())
                        .whenComplete((r, e) -> prober.close()))
                .handleAsync((r, e) -> {
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                session.notes().add("UDP probe not run: " + c.getMessage());
            } else if (!r.answered()) {
                session.notes().add("UDP probe: no answer from " + s.label + "/udp (filtered?)");
            } else {
                session.udp(r);
                s.say("DF UDP probe done: " + r.outbound().size() + " datagrams out, " + r.inbound().size() + " back");
            }
            return (Void) null;
        }, s.loop);
    }
}
