package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.ConnectionType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Us → target: the ladder of growing messages at our own segment size (and ACK2s to our
 * responder), small sentinels beside it (a lost one is repaired only by a retransmission, which
 * is how random loss shows) and a first bisection round over the likeliest gap, then bisection
 * on the segment size (TCP_MAXSEG) down to the byte — unless our kernel learned the limit from
 * ICMP, which then is the answer.
 */
final class OutboundSearch {
    /** Small single-segment probes sent beside the ladder: loss shows as their retransmissions. */
    static final int SENTINELS = 12;
    static final int SENTINEL_BYTES = 300;

    private OutboundSearch() {
    }

    /** How many connections to open before anything large crosses. */
    static int poolSize(CheckOptions o, TargetKind kind) {
        return o.ladder().size() * (kind == TargetKind.RESPONDER ? 2 : 1) + SENTINELS + 4 * o.parallel() + 2;
    }

    /**
     * How many large-message connections to open before anything large crosses: one for each rung
     * of the ladder past the large-message threshold, SYN and (our responder) ACK2. Opened when
     * needed instead, they cost two round trips at the end of the check, when the largest rung is
     * the last to be judged.
     */
    static int largePoolSize(CheckOptions o) {
        return (int) o.ladder().stream()
                .filter(size -> io.gossippreflight.probe.net.ConnectionTypes.forGossip(size) == ConnectionType.LARGE_MESSAGES)
                .count() * 2;
    }

    static CompletableFuture<DirectionResult> run(CheckEnv env, PathTiming timing, LinkPool pool,
            LadderPayloads payloads, TargetKind kind, MessagingVersion version) {
        OutboundProber p = new OutboundProber(env, timing, pool, payloads, kind, version);
        List<ProbeHandle> all = new ArrayList<>();
        List<ProbeHandle> ladder = new ArrayList<>();
        for (int size : env.options().ladder()) {
            ProbeHandle h = p.ladder("SYN", size);
            ladder.add(h);
            all.add(h);
            if (kind == TargetKind.RESPONDER) {
                all.add(p.ladder("ACK2", size));
            }
        }
        for (int i = 0; i < SENTINELS; i++) {
            all.add(p.ladder("SYN", SENTINEL_BYTES));
        }
        all.forEach(h -> h.result.thenAccept(r -> progress(env, r, h)));
        int upper = testableMax(env);
        boolean[] limited = {false};
        List<String> notes = new ArrayList<>();
        IntFunction<ProbeHandle> bisect = size -> {
            ProbeHandle h = p.segment(size);
            all.add(h);
            h.result.thenAccept(r -> progress(env, r, h));
            h.quick.thenRun(() -> {
                if (h.ipSize < size) {
                    limited[0] = true; // the kernel already sends smaller segments: this size cannot be tested
                }
            });
            return h;
        };
        // the likeliest first bisection round goes with the ladder: one round trip and a quick wait fewer
        List<ProbeHandle> anticipated = SizeSearch.anticipate(env, Direction.OUTBOUND, upper, bisect);
        CompletableFuture<Long> pinned = SizeSearch.run(env, Direction.OUTBOUND, ladder, anticipated, upper,
                () -> p.learnedPmtu() < env.localMtu() || limited[0], bisect, notes, new CompletableFuture<>());
        return pinned.thenCompose(ms -> allResults(all).thenApplyAsync(records -> {
            int learned = p.learnedPmtu() < env.localMtu() ? p.learnedPmtu() : Integer.MAX_VALUE;
            if (upper < env.localMtu()) {
                notes.add(String.format("us → target: TCP tests packets up to %,d bytes (Linux never sends a segment "
                        + "of more than %,d bytes); the interface MTU is %,d", upper, SocketOptions.MAX_MAXSEG,
                        env.localMtu()));
            }
            return new DirectionResult(Direction.OUTBOUND, records, learned, upper, ms, notes);
        }, env.executor()));
    }

    /** The largest packet TCP can test from us: the interface MTU, at most one segment of 32,767 bytes. */
    static int testableMax(CheckEnv env) {
        return Math.min(env.localMtu(), env.overhead().ipSizeForSegment(SocketOptions.MAX_MAXSEG, true));
    }

    static CompletableFuture<List<ProbeRecord>> allResults(List<ProbeHandle> handles) {
        List<ProbeHandle> snapshot = List.copyOf(handles);
        return CompletableFuture.allOf(snapshot.stream().map(h -> h.result).toArray(CompletableFuture[]::new))
                .thenCompose(v -> snapshot.size() == handles.size()
                        ? CompletableFuture.completedFuture(snapshot.stream().map(h -> h.result.join()).toList())
                        : allResults(handles)); // probes added meanwhile
    }

    static void progress(CheckEnv env, ProbeRecord r, ProbeHandle h) {
        String what = switch (r.outcome()) {
            case CROSSED -> "crossed";
            case CROSSED_LATE -> "crossed after a retransmission";
            case LOST -> "LOST";
            case NOT_SENT -> "not sent: " + h.note;
        };
        env.say(String.format(java.util.Locale.ROOT, "%-12s %-6s %-5s %,8d B  largest packet %,6d B  %s (%.1f ms)",
                r.direction().arrow(), r.kind().name().toLowerCase(java.util.Locale.ROOT), r.message(), r.messageBytes(),
                r.ipSize(), what, r.elapsed().toNanos() / 1e6));
    }
}
