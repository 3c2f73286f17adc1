package io.gossippreflight.probe.check;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.net.LinkSecurity;
import io.gossippreflight.probe.net.ProbeNetwork;
import io.gossippreflight.probe.net.netty.NettyProbeNetwork;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.probe.socket.RouteInfo;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * {@code preflight probe check}: checks every target at once. Targets reached from the same
 * local address share our listening ports (as a node has one), each target's check on a loop of
 * its own.
 */
public final class Checker {
    private Checker() {
    }

    /** Runs the checks over the real network; blocks until all are done. Progress lines go to {@code progress}. */
    public static List<TargetReport> check(List<TargetSpec> targets, CheckOptions options, Consumer<String> progress) {
        return check(targets, options, LinkSecurity.PLAIN, progress);
    }

    /** As above, our connections and listeners with TLS and frames as {@code security} says. */
    public static List<TargetReport> check(List<TargetSpec> targets, CheckOptions options, LinkSecurity security,
            Consumer<String> progress) {
        ProbeNetty.requireEpoll();
        EventLoopGroup group = ProbeNetty.eventLoops(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                "preflight-probe");
        NettyProbeNetwork net = new NettyProbeNetwork(group, group.next(), security);
        if (security != LinkSecurity.PLAIN) {
            progress.accept("internode settings: " + security);
        }
        CaptureEvidence capture = null;
        try {
            List<InetSocketAddress> resolved = targets.stream().map(TargetSpec::resolve).toList();
            if (options.capture()) {
                String iface = net.route(resolved.get(0).getAddress()).device();
                try {
                    capture = CaptureEvidence.start(iface == null ? "any" : iface, resolved, options.writePcap());
                } catch (java.io.IOException e) {
                    throw ProbeException.environment("cannot capture on " + iface + ": " + e.getMessage(), e);
                }
                progress.accept("capturing on " + (iface == null ? "any" : iface)
                        + (options.writePcap() != null ? " into " + options.writePcap() : ""));
            }
            List<TargetReport> out = run(resolved, options, progress, net, net::withNextLoop);
            if (capture != null) {
                CaptureEvidence c = capture;
                capture = null;
                try {
                    out = c.merge(out);
                } catch (java.io.IOException e) {
                    throw ProbeException.environment("the capture failed: " + e.getMessage(), e);
                }
            }
            return out;
        } finally {
            if (capture != null) {
                capture.abort();
            }
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Checks {@code targets} over {@code net} alone (one loop for every target), e.g. a simulated
     * network whose clock the caller advances until the future completes.
     */
    public static CompletableFuture<List<TargetReport>> check(List<InetSocketAddress> targets, CheckOptions options,
            Consumer<String> progress, ProbeNetwork net) {
        return checkAll(targets, options, progress, net, () -> net);
    }

    /**
     * Checks {@code targets} over any network: {@code shared} opens the listeners all targets share,
     * {@code perTarget} gives each target's check its own network view (its own loop). Completes
     * when every check did; the listeners are closed then.
     */
    static CompletableFuture<List<TargetReport>> checkAll(List<InetSocketAddress> targets, CheckOptions options,
            Consumer<String> progress, ProbeNetwork shared, Supplier<ProbeNetwork> perTarget) {
        Map<InetAddress, CompletableFuture<SharedListeners>> listeners = new HashMap<>();
        List<CompletableFuture<TargetReport>> runs = new ArrayList<>();
        for (InetSocketAddress target : targets) {
            RouteInfo route = shared.route(target.getAddress());
            InetAddress local = localAddress(options, route, target);
            int mtu = Math.min(65_535, route.interfaceMtu().orElse(1500)); // an IP packet's length field
            PacketOverhead overhead = PacketOverhead.of(target.getAddress() instanceof java.net.Inet6Address);
            CompletableFuture<SharedListeners> s = listeners.computeIfAbsent(local, a -> SharedListeners.open(shared,
                    new InetSocketAddress(a, options.listen() != null ? options.listen().getPort()
                            : CheckOptions.DEFAULT_LISTEN_PORT),
                    overhead.mssForIpSize(overhead.minimumMtu()), options.acceptMinVersion(), options.maxVersion()));
            ProbeNetwork net = perTarget.get();
            runs.add(s.thenCompose(sh -> new TargetCheck(CheckEnv.of(net, options, target, local, mtu, route,
                    sh.mainEndpoint(), sh.sinkEndpoint(), progress), sh).run()));
        }
        CompletableFuture<List<TargetReport>> all = CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new))
                .thenApply(v -> runs.stream().map(CompletableFuture::join).toList());
        return all.whenComplete((r, e) -> listeners.values().forEach(f -> f.thenAccept(SharedListeners::close)));
    }

    private static List<TargetReport> run(List<InetSocketAddress> targets, CheckOptions options,
            Consumer<String> progress, ProbeNetwork shared, Supplier<ProbeNetwork> perTarget) {
        try {
            return checkAll(targets, options, progress, shared, perTarget).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : e;
        }
    }

    private static InetAddress localAddress(CheckOptions o, RouteInfo route, InetSocketAddress target) {
        if (o.listen() != null && !o.listen().getAddress().isAnyLocalAddress()) {
            return o.listen().getAddress();
        }
        if (route.source() == null) {
            if (target.getAddress().isLoopbackAddress()) {
                return target.getAddress();
            }
            throw ProbeException.environment("no route to " + target.getAddress().getHostAddress()
                    + " ('ip route get' finds none): check the address, or give --listen ADDRESS", null);
        }
        try {
            return InetAddress.getByName(route.source());
        } catch (UnknownHostException e) {
            throw ProbeException.environment("cannot read the source address of the route to " + target, e);
        }
    }
}
