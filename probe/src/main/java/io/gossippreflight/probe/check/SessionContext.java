package io.gossippreflight.probe.check;

import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every probe of one target shares: where to connect from and to, what to advertise, the
 * measured round trip and the waits derived from it. Mutable fields change only on {@link #loop}.
 */
final class SessionContext {
    final EventLoopGroup group;
    /** The session's own event loop: all session state is touched here only. */
    final EventLoop loop;
    final CheckOptions options;
    final InetSocketAddress target;
    final InetAddress local;
    final PacketOverhead overhead;
    final InetAddressAndPort sink;
    final Consumer<String> progress;
    final String label;
    final int localMtu;
    private final AtomicLong ids = new AtomicLong(1);

    TargetKind kind;
    MessagingVersion version = MessagingVersion.V12;
    long rttMicros = 1_000;
    long rttvarMicros = 500;

    SessionContext(EventLoopGroup group, CheckOptions options, InetSocketAddress target, InetAddress local, int localMtu,
            InetAddressAndPort sink, Consumer<String> progress) {
        this.group = group;
        this.loop = group.next();
        this.options = options;
        this.target = target;
        this.local = local;
        this.localMtu = localMtu;
        this.overhead = PacketOverhead.of(target.getAddress() instanceof java.net.Inet6Address);
        this.sink = sink;
        this.progress = progress;
        this.kind = options.targetKind() == TargetKind.AUTO ? TargetKind.CASSANDRA : options.targetKind();
        String host = io.netty.util.NetUtil.toAddressString(target.getAddress());
        this.label = (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
    }

    /**
     * The latest send time of a message of ours the target has answered (System.nanoTime()): a
     * target that answered something sent after a probe has dealt with the probe too, so only then
     * is a missing answer lost rather than slow.
     */
    long answeredThrough;

    /** Answers seen: {sent, arrived}, System.nanoTime(), the latest {@link #ANSWERS_KEPT}. */
    private final java.util.ArrayDeque<long[]> answers = new java.util.ArrayDeque<>();
    private static final int ANSWERS_KEPT = 2_000;
    /** An answer this much behind one to a later message was held up on its way, not by the target. */
    static final long OVERTAKEN_NANOS = java.time.Duration.ofMillis(100).toNanos();

    void answered(long sentNanos) {
        answeredThrough = Math.max(answeredThrough, sentNanos);
    }

    /** Records an answer to a message sent at {@code sentNanos}, arrived at {@code arrivedNanos}. */
    void answered(long sentNanos, long arrivedNanos) {
        answered(sentNanos);
        if (answers.size() == ANSWERS_KEPT) {
            answers.pollFirst();
        }
        answers.addLast(new long[] {sentNanos, arrivedNanos});
    }

    /**
     * Whether the target answered a message we sent after {@code sentNanos} well before this answer
     * arrived: the target was not slow, this answer was held up on the way (a retransmission).
     */
    boolean overtaken(long sentNanos, long arrivedNanos) {
        for (long[] a : answers) {
            if (a[0] > sentNanos && a[1] < arrivedNanos - OVERTAKEN_NANOS) {
                return true;
            }
        }
        return false;
    }

    long nextId() {
        return ids.getAndIncrement();
    }

    /** Smallest MSS that still crosses any path of this family: our messages that must arrive use it. */
    int safeMss() {
        return overhead.mssForIpSize(overhead.minimumMtu());
    }

    Duration quick() {
        return options.timeouts().quick(rttMicros, rttvarMicros);
    }

    Duration confirm(long rtoMicros) {
        return options.timeouts().confirm(rtoMicros, rttMicros, rttvarMicros);
    }

    /** How long the target may take to answer a message at all (processing, its connect back). */
    Duration reply() {
        return options.timeouts().reply().plus(quick());
    }

    void schedule(Runnable r, Duration after) {
        loop.schedule(r, Math.max(0, after.toNanos()), TimeUnit.NANOSECONDS);
    }

    private final long startNanos = System.nanoTime();

    void say(String line) {
        progress.accept(String.format(java.util.Locale.ROOT, "%s  %6.3f s  %s", label,
                (System.nanoTime() - startNanos) / 1e9, line));
    }
}
