package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One probe in flight. {@link #quick} completes at the first verdict (crossed, or not yet after
 * the quick wait) so a search can move on; {@link #result} completes when the fate is final
 * (crossed, crossed after a retransmission, lost for good, or never sent). Touched only on the
 * session's event loop.
 */
final class Ticket {
    final Direction direction;
    final ProbeKind kind;
    final String verb;
    int messageBytes;
    /** The size asked for (bisection) or 0 (ladder). */
    final int requestedIpSize;
    int ipSize;
    long startNanos;
    int retransmits = -1;
    /** The whole message fits the one packet of {@link #ipSize}. */
    boolean onePacket;
    /** Still unacknowledged when the sender's retransmission timer fired. */
    boolean unackedAfterRto;
    String note = "";
    /** How far the probe got, for a message when it gets no outcome. */
    String stage = "created";
    final CompletableFuture<Boolean> quick = new CompletableFuture<>();
    final CompletableFuture<ProbeRecord> result = new CompletableFuture<>();

    Ticket(Direction direction, ProbeKind kind, String verb, int messageBytes, int requestedIpSize) {
        this.direction = direction;
        this.kind = kind;
        this.verb = verb;
        this.messageBytes = messageBytes;
        this.requestedIpSize = requestedIpSize;
        this.ipSize = requestedIpSize;
    }

    boolean done() {
        return result.isDone();
    }

    void crossed(long nowNanos, boolean late) {
        finish(late ? ProbeOutcome.CROSSED_LATE : ProbeOutcome.CROSSED, nowNanos);
    }

    /** Not yet crossed at the quick deadline: tentatively lost. */
    void notYet() {
        quick.complete(false);
    }

    void lost(long nowNanos) {
        finish(ProbeOutcome.LOST, nowNanos);
    }

    void notSent(String why) {
        note = why;
        finish(ProbeOutcome.NOT_SENT, System.nanoTime());
    }

    private void finish(ProbeOutcome o, long nowNanos) {
        if (result.isDone()) {
            return;
        }
        quick.complete(o.crossed());
        long elapsed = startNanos == 0 ? 0 : Math.max(0, nowNanos - startNanos);
        result.complete(new ProbeRecord(direction, kind, verb, messageBytes, ipSize, o, Duration.ofNanos(elapsed), retransmits,
                onePacket));
    }
}
