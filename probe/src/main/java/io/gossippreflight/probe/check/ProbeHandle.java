package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * One probe in flight, as its prober hands it out: {@link #quick} completes at the first answer a
 * search may move on with (crossed, or not yet after the quick wait), {@link #result} when the fate
 * is final. Only the prober that made it completes them.
 */
final class ProbeHandle {
    final CompletableFuture<Boolean> quick = new CompletableFuture<>();
    final CompletableFuture<ProbeRecord> result = new CompletableFuture<>();

    // what the prober learns on the way; read only by it (on the check's loop)
    final Direction direction;
    final ProbeKind kind;
    final String verb;
    int messageBytes;
    /** The IP size asked for (bisection) or 0 (ladder). */
    final int requestedIpSize;
    int ipSize;
    long startNanos;
    /**
     * Every byte of it is in the kernel's send buffer (the write completed). A message larger than
     * the buffer completes its write only as acknowledgements make room: on a black hole, never.
     */
    boolean written;
    int retransmits = -1;
    boolean onePacket;
    /** When every byte of it was first seen acknowledged (0: not yet). */
    long acknowledgedNanos;
    /** The sender learned a smaller path MTU while sending it and resent in smaller segments. */
    boolean resegmented;
    String note = "";
    /** How far it got, named when it gets no outcome. */
    String stage = "created";

    ProbeHandle(Direction direction, ProbeKind kind, String verb, int messageBytes, int requestedIpSize) {
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

    /** Not crossed at the quick deadline: a search may take it as lost for now. */
    void notYet() {
        quick.complete(false);
    }

    void finish(ProbeOutcome o, long nowNanos) {
        if (result.isDone()) {
            return;
        }
        quick.complete(o.crossed());
        long elapsed = startNanos == 0 ? 0 : Math.max(0, nowNanos - startNanos);
        result.complete(new ProbeRecord(direction, kind, verb, messageBytes, ipSize, o, Duration.ofNanos(elapsed),
                retransmits, onePacket));
    }

    void notSent(String why, long nowNanos) {
        note = why;
        finish(ProbeOutcome.NOT_SENT, nowNanos);
    }

    boolean notSent() {
        return result.isDone() && result.join().outcome() == ProbeOutcome.NOT_SENT;
    }
}
