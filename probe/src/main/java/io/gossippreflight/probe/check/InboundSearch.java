package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.wire.MessagingVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * Target → us: the ladder of growing answers at the target's own segment size (our lanes
 * advertise our interface's MSS) and, beside it, a first bisection round over the likeliest gap
 * (1,280 to 1,500 bytes), then bisection with lanes advertising the size under test —
 * unless the target's segments show it already knows a smaller limit. The outbound search waits
 * until this one will open no more lanes: our probes towards the target, where ICMP works, would
 * teach our kernel a smaller path MTU, and from then on it advertises a smaller MSS on new
 * connections — which would hide a black hole towards us. So it waits for the last fates too:
 * when they disagree with the first answers (a busy host), the gap is searched again, over new
 * lanes. Only a sender that already limits its segments ends the search at its first answers.
 */
final class InboundSearch {
    /** Bytes a bisection probe's message exceeds the segment by, so at least one segment is full. */
    private static final int MESSAGE_MARGIN = 200;

    /** Why the probes of an abandoned search end unsent (never shown: an abandoned search reports nothing). */
    static final String ABANDONED = "not needed: the check ended target → us before it was probed";

    private InboundSearch() {
    }

    /**
     * @param settled completed once the search will open no more lanes (the limit pinned, or the
     *                first answers showing the sender already limits its segments): from then on
     *                an ICMP our probes draw can hide nothing towards us, and us → target may start
     * @param abandon completed when the search is not wanted after all (it starts beside the shadow
     *                round, which may find the target ignores our SYNs): every probe still open ends
     *                as not sent, and no more are launched
     * @param starts  the first round's lanes, opened with the main connection (null: none); closed
     *                once the first round has taken them
     */
    static CompletableFuture<DirectionResult> run(CheckEnv env, PathTiming timing, LadderPayloads payloads,
            TargetKind kind, MessagingVersion version, Inbox inbox, CompletableFuture<Void> settled,
            CompletableFuture<Void> abandon, LaneStarts starts) {
        Witness witness = new Witness(env, kind);
        witness.start();
        InboundProber p = new InboundProber(env, timing, payloads, kind, version, witness, inbox, starts);
        List<ProbeHandle> all = new ArrayList<>();
        List<ProbeHandle> ladder = new ArrayList<>();
        for (int size : env.options().ladder()) {
            ProbeHandle h = p.probe(ProbeKind.LADDER, size, 0, 0);
            ladder.add(h);
            all.add(h);
        }
        all.forEach(h -> h.result.thenAccept(r -> progress(env, r, h, abandon)));
        int upper = testable(env, testableMax(env));
        boolean[] limited = {false};
        List<String> notes = new ArrayList<>();
        abandon.thenRunAsync(() -> List.copyOf(all).forEach(h -> h.notSent(ABANDONED, env.now())), env.executor());
        IntFunction<ProbeHandle> bisect = size -> {
            ProbeHandle h = p.probe(ProbeKind.BISECT, size + MESSAGE_MARGIN, env.overhead().mssForIpSize(size), size);
            all.add(h);
            if (abandon.isDone()) {
                h.notSent(ABANDONED, env.now());
            }
            h.result.thenAccept(r -> progress(env, r, h, abandon));
            h.quick.thenRun(() -> {
                if (h.quick.join() && h.ipSize < size && !h.onePacket) {
                    // segments smaller than the lane allowed: the sender knows a limit (an answer whole in one
                    // smaller packet says nothing of it)
                    limited[0] = true;
                }
            });
            return h;
        };
        // a lane costs about six round trips to open: the likeliest first round opens beside the ladder's
        List<ProbeHandle> anticipated = SizeSearch.anticipate(env, Direction.INBOUND, upper, bisect);
        if (starts != null) {
            starts.close(); // the first round took the lanes opened for it; later rounds open their own
        }
        CompletableFuture<Long> pinned = SizeSearch.run(env, Direction.INBOUND, ladder, anticipated, upper,
                () -> abandon.isDone() || limited[0] || p.senderLimited() < Integer.MAX_VALUE || senderLearned(inbox),
                bisect, notes,
                settled);
        return pinned.thenCompose(ms -> OutboundSearch.allResults(all)).thenApplyAsync(records -> {
            witness.stop();
            long ms = pinned.join();
            int learned = p.senderLimited();
            RouteInfo r = env.route();
            if (r.icmpLearnedMtu().isPresent() && r.icmpLearnedMtu().getAsInt() < testableMax(env)) {
                int pmtu = r.icmpLearnedMtu().getAsInt();
                notes.add(String.format("target → us above %,d bytes could not be tested over TCP: this host holds path "
                        + "MTU %,d towards %s, learned from ICMP and forgotten in %d s; until then the MSS it advertises "
                        + "keeps every sender at or below it", pmtu, pmtu, env.label(), r.expiresSeconds().getAsInt()));
            }
            return new DirectionResult(Direction.INBOUND, records, learned, upper, ms, notes);
        }, env.executor());
    }

    /** A probe's line of progress, unless the search was abandoned (a target that is not probed this way). */
    private static void progress(CheckEnv env, io.gossippreflight.probe.classify.ProbeRecord r, ProbeHandle h,
            CompletableFuture<Void> abandon) {
        if (!abandon.isDone()) {
            OutboundSearch.progress(env, r, h);
        }
    }

    /** Our responder reports the path MTU its answering connections use. */
    private static boolean senderLearned(Inbox inbox) {
        var r = inbox.lastReport();
        return r != null && r.replyPmtu() > 0 && r.interfaceMtu() > 0 && r.replyPmtu() < r.interfaceMtu();
    }

    /** The largest packet a sender may send us over TCP: our MTU, one segment of 32,767 bytes at most. */
    static int testableMax(CheckEnv env) {
        return Math.min(env.localMtu(), env.overhead().ipSizeForSegment(SocketOptions.MAX_MAXSEG, true));
    }

    /** Less when our kernel holds a smaller path MTU towards the target: it caps the MSS we advertise. */
    static int testable(CheckEnv env, int upper) {
        RouteInfo r = env.route();
        return r.learnedMtu().isPresent() ? Math.min(upper, r.learnedMtu().getAsInt()) : upper;
    }
}
