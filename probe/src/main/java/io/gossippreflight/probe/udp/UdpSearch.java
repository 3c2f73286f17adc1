package io.gossippreflight.probe.udp;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.plan.Bisection;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.plan.RoundSearch;
import io.gossippreflight.time.Cancellable;
import io.gossippreflight.time.Scheduler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The checker's side of the DF UDP probe as logic over any datagram transport: a ping to measure
 * the round trip, then a k-ary search per direction, both at once. {@link UdpProber} runs it on a
 * DF socket; a simulated network on its own datagrams. Everything runs on {@code loop}, whose
 * clock times the probes.
 */
public final class UdpSearch {
    private static final int PING_ATTEMPTS = 3;
    private static final Duration PING_WAIT = Duration.ofMillis(300);
    private static final Duration RETRY_WAIT = Duration.ofMillis(250);
    /**
     * Least time a probe's answer may trail its sentinel's: the responder answers in order, but
     * datagrams may be reordered on the way, and a large one takes longer to serialise.
     */
    private static final Duration SENTINEL_SLACK = Duration.ofMillis(25);

    /** Sends one datagram of ours: {@code type}, {@code sequence}, the IP size it names, its payload length. */
    @FunctionalInterface
    public interface Transport {
        void send(int type, int sequence, int ipSize, int payloadLength);
    }

    private final Scheduler loop;
    private final PacketOverhead overhead;
    private final Transport transport;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextSequence = 1;
    private int responderMtu;

    /** A datagram awaiting its answer; {@code timer} is replaced when a sentinel shortens the wait. */
    private static final class Pending {
        final int type;
        final Consumer<UdpProbeFormat.Header> onAnswer;
        final Runnable onTimeout;
        Cancellable timer;

        Pending(int type, Consumer<UdpProbeFormat.Header> onAnswer, Runnable onTimeout) {
            this.type = type;
            this.onAnswer = onAnswer;
            this.onTimeout = onTimeout;
        }
    }

    /** Probes sent since the last sentinel of their type (PROBE, SEND_REQUEST): the next sentinel covers them. */
    private final Map<Integer, List<Integer>> uncovered = new HashMap<>();
    /** The measured round trip, once known: how long a sentinel's answer may precede a probe's (reordering). */
    private long rttMicros = -1;

    public UdpSearch(Scheduler loop, PacketOverhead overhead, Transport transport) {
        this.loop = loop;
        this.overhead = overhead;
        this.transport = transport;
    }

    /**
     * Runs the search up to {@code outboundMtu} (our interface) and {@code inboundMtu} (what we
     * can receive); completes on the loop.
     */
    public CompletableFuture<UdpProber.Result> run(int outboundMtu, int inboundMtu, int parallel,
            ProbeTimeouts timeouts) {
        CompletableFuture<UdpProber.Result> out = new CompletableFuture<>();
        loop.execute(() -> ping(PING_ATTEMPTS, PING_WAIT).thenCompose(first -> {
            if (first < 0) {
                return CompletableFuture.completedFuture(first);
            }
            Duration again = max(PING_WAIT, Duration.ofNanos(3 * first * 1_000));
            return ping(1, again).thenCompose(second -> ping(1, again).thenApply(third -> minAnswered(first, second,
                    third)));
        })
                .whenComplete((rtt, e) -> {
                    if (e != null) {
                        out.completeExceptionally(e);
                    } else if (rtt < 0) {
                        out.complete(new UdpProber.Result(false, -1, 0, List.of(), List.of()));
                    } else {
                        rttMicros = rtt;
                        search(rtt, outboundMtu, inboundMtu, parallel, timeouts, out);
                    }
                }));
        return out;
    }

    /** An answer from the responder (call on the loop). */
    public void answer(UdpProbeFormat.Header h) {
        if (h.mtu() > 0) {
            responderMtu = h.mtu();
        }
        Pending p = pending.get(h.sequence());
        if (p == null) {
            return;
        }
        boolean matches = (p.type == UdpProbeFormat.PROBE && h.type() == UdpProbeFormat.PROBE_ACK)
                || (p.type == UdpProbeFormat.SEND_REQUEST
                        && (h.type() == UdpProbeFormat.PROBE_BACK || h.type() == UdpProbeFormat.SEND_ERROR));
        if (!matches) {
            return;
        }
        pending.remove(h.sequence());
        p.timer.cancel();
        p.onAnswer.accept(h);
    }

    private static long minAnswered(long... rtts) {
        long min = Long.MAX_VALUE;
        for (long r : rtts) {
            if (r >= 0) {
                min = Math.min(min, r);
            }
        }
        return min;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /**
     * A small ping, asked again when unanswered, each time waiting three times longer: a first wait
     * of 300 ms is shorter than a cross-region round trip, and the answer to a ping given up on
     * counts for nothing (the UDP probe then looks filtered).
     */
    private CompletableFuture<Long> ping(int attempts, Duration wait) {
        CompletableFuture<Long> rtt = new CompletableFuture<>();
        int size = overhead.ipSizeForDatagram(UdpProbeFormat.HEADER);
        send(UdpProbeFormat.PROBE, size, wait, (h, nanos) -> rtt.complete(nanos / 1_000), () -> {
            if (attempts > 1) {
                ping(attempts - 1, wait.multipliedBy(3)).whenComplete((r, e) -> rtt.complete(r == null ? -1 : r));
            } else {
                rtt.complete(-1L);
            }
        });
        return rtt;
    }

    private void search(long rttMicros, int outboundMtu, int inboundMtu, int parallel, ProbeTimeouts timeouts,
            CompletableFuture<UdpProber.Result> out) {
        Duration wait = timeouts.quick(rttMicros, rttMicros / 2);
        int smallest = overhead.ipSizeForDatagram(UdpProbeFormat.HEADER);
        List<ProbeRecord> outRecords = new ArrayList<>();
        List<ProbeRecord> inRecords = new ArrayList<>();
        CompletableFuture<Bisection> o = RoundSearch.run(new Bisection(smallest, outboundMtu), parallel, 2,
                size -> probe(Direction.OUTBOUND, UdpProbeFormat.PROBE, size, wait, outRecords));
        CompletableFuture<Bisection> i = RoundSearch.run(new Bisection(smallest, inboundMtu), parallel, 2,
                size -> probe(Direction.INBOUND, UdpProbeFormat.SEND_REQUEST, size, wait, inRecords));
        CompletableFuture.allOf(o, i).whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                loop.execute(() -> out.complete(new UdpProber.Result(true, rttMicros, responderMtu,
                        List.copyOf(outRecords), List.copyOf(inRecords))));
            }
        });
    }

    /**
     * One size, sent again once when unanswered: a datagram has no retransmission of its own, and
     * one dropped by a busy host must not fake a limit. Only the final outcome is recorded.
     */
    private CompletableFuture<Boolean> probe(Direction d, int type, int ipSize, Duration wait, List<ProbeRecord> records) {
        // the second try waits longer: a responder busy with a burst of large datagrams answers late
        Duration second = wait.compareTo(RETRY_WAIT) < 0 ? RETRY_WAIT : wait.multipliedBy(2);
        return once(d, type, ipSize, wait, records, false).thenCompose(crossed -> crossed
                ? CompletableFuture.completedFuture(true) : once(d, type, ipSize, second, records, true));
    }

    private CompletableFuture<Boolean> once(Direction d, int type, int ipSize, Duration wait, List<ProbeRecord> records,
            boolean last) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        long start = loop.clock().nanoTime();
        loop.execute(() -> send(type, ipSize, wait, (h, nanos) -> {
            if (h.type() == UdpProbeFormat.SEND_ERROR) {
                // the responder cannot send this much: not a path property
                records.add(record(d, ipSize, ProbeOutcome.NOT_SENT, nanos));
                f.complete(false);
            } else {
                records.add(record(d, ipSize, ProbeOutcome.CROSSED, nanos));
                f.complete(true);
            }
        }, () -> {
            if (last) {
                records.add(record(d, ipSize, ProbeOutcome.LOST, loop.clock().nanoTime() - start));
            }
            f.complete(false);
        }, true));
        return f;
    }

    private static ProbeRecord record(Direction d, int ipSize, ProbeOutcome o, long nanos) {
        return new ProbeRecord(d, ProbeKind.UDP, "UDP", ipSize, ipSize, o, Duration.ofNanos(nanos), -1, true);
    }

    /** Sends one datagram; exactly one of the callbacks runs, on the loop. */
    private void send(int type, int ipSize, Duration wait, BiConsumer<UdpProbeFormat.Header, Long> onAnswer,
            Runnable onTimeout) {
        send(type, ipSize, wait, onAnswer, onTimeout, false);
    }

    /**
     * {@code probe}: a search probe (not a ping or a sentinel), covered by the next sentinel of its
     * type — a small datagram sent right behind the round's probes. Its answer is evidence: the path
     * and the responder were working after the probes were sent, so a probe still unanswered a
     * little later (reordering) is tentatively lost, without waiting many round trips. Without that
     * evidence (a paused responder answers nothing, sentinels included) the probe waits {@code wait}.
     */
    private void send(int type, int ipSize, Duration wait, BiConsumer<UdpProbeFormat.Header, Long> onAnswer,
            Runnable onTimeout, boolean probe) {
        int seq = nextSequence++;
        int payload = type == UdpProbeFormat.PROBE ? overhead.datagramPayloadFor(ipSize) : UdpProbeFormat.HEADER;
        long sent = loop.clock().nanoTime();
        Pending p = new Pending(type, h -> onAnswer.accept(h, loop.clock().nanoTime() - sent), onTimeout);
        p.timer = timer(seq, wait);
        pending.put(seq, p);
        transport.send(type, seq, ipSize, payload);
        if (probe) {
            List<Integer> waiting = uncovered.computeIfAbsent(type, t -> new ArrayList<>());
            if (waiting.isEmpty()) {
                loop.execute(() -> sentinel(type, wait)); // after the rest of this round is sent
            }
            waiting.add(seq);
        }
    }

    private Cancellable timer(int seq, Duration wait) {
        return loop.schedule(wait, () -> {
            Pending p = pending.remove(seq);
            if (p != null) {
                p.onTimeout.run();
            }
        });
    }

    /** A smallest datagram of {@code type} behind the probes sent since the last one. */
    private void sentinel(int type, Duration wait) {
        List<Integer> covered = uncovered.remove(type);
        if (covered == null || covered.isEmpty()) {
            return;
        }
        int size = overhead.ipSizeForDatagram(UdpProbeFormat.HEADER);
        send(type, size, wait, (h, nanos) -> {
            Duration reorder = Duration.ofNanos(Math.max(0, rttMicros) * 1_000 / 2);
            Duration slack = reorder.compareTo(SENTINEL_SLACK) < 0 ? SENTINEL_SLACK : reorder;
            for (int seq : covered) {
                Pending p = pending.get(seq);
                if (p != null) {
                    p.timer.cancel();
                    p.timer = timer(seq, slack);
                }
            }
        }, () -> { });
    }
}
