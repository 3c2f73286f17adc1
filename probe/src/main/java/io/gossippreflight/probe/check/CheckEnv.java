package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.ProbeNetwork;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What every phase of one target's check shares and never changes: where to connect from and to,
 * what to advertise, the network and its loop (the only clock), where progress goes. What the
 * phases learn travels in their results, not here.
 *
 * @param localMtu the largest packet we can send towards the target (the route's interface MTU)
 * @param main our gossip port (where ECHO answers and the shadow ACK arrive, at our own MSS)
 * @param sink our port at the smallest safe MSS (answers to outbound probes, never stalled)
 */
record CheckEnv(ProbeNetwork net, CheckOptions options, InetSocketAddress target, InetAddress local, int localMtu,
                PacketOverhead overhead, RouteInfo route, InetAddressAndPort main, InetAddressAndPort sink,
                Consumer<String> progress, AtomicLong ids, long startNanos, String label) {

    static CheckEnv of(ProbeNetwork net, CheckOptions options, InetSocketAddress target, InetAddress local, int localMtu,
            RouteInfo route, InetAddressAndPort main, InetAddressAndPort sink, Consumer<String> progress) {
        String host = io.netty.util.NetUtil.toAddressString(target.getAddress());
        String label = (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
        return new CheckEnv(net, options, target, local, localMtu,
                PacketOverhead.of(target.getAddress() instanceof java.net.Inet6Address), route, main, sink, progress,
                new AtomicLong(1), net.loop().clock().nanoTime(), label);
    }

    Scheduler loop() {
        return net.loop();
    }

    /** The loop as an executor, for the async steps of a phase's futures. */
    Executor executor() {
        return net.loop()::execute;
    }

    long now() {
        return net.loop().clock().nanoTime();
    }

    int millisNow() {
        return (int) net.loop().clock().currentTimeMillis();
    }

    long nextId() {
        return ids.getAndIncrement();
    }

    Duration sinceStart() {
        return Duration.ofNanos(now() - startNanos);
    }

    /** Smallest MSS that still crosses any path of this family: our messages that must arrive use it. */
    int safeMss() {
        return overhead.mssForIpSize(overhead.minimumMtu());
    }

    /**
     * How long a probe's connection may take to open. Over TLS a full handshake costs the target a
     * signature, and a check opens dozens at once: a busy seed (or an RSA-4096 certificate) answers
     * them seconds late, which is slow, not lost, so they get {@link #TLS_LANE_TIMEOUT} at least.
     */
    java.time.Duration laneTimeout() {
        Duration connect = options.timeouts().connect();
        return net.encrypts() && connect.compareTo(TLS_LANE_TIMEOUT) < 0 ? TLS_LANE_TIMEOUT : connect;
    }

    /** See {@link #laneTimeout()}. */
    static final Duration TLS_LANE_TIMEOUT = Duration.ofSeconds(10);

    /** Runs {@code r} on the loop after {@code after} (at once when negative). */
    void schedule(Duration after, Runnable r) {
        net.loop().schedule(after.isNegative() ? Duration.ZERO : after, r);
    }

    /** A future completed with null after {@code after}, on the loop. */
    CompletableFuture<Void> delay(Duration after) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        schedule(after, () -> f.complete(null));
        return f;
    }

    void say(String line) {
        progress.accept(String.format(Locale.ROOT, "%s  %6.3f s  %s", label, sinceStart().toNanos() / 1e9, line));
    }
}
