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
