package io.gossippreflight.probe.check;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.socket.HostNetwork;
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
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * {@code preflight probe check}: checks every target at once. Targets reached from the same
 * local address share our listening port (as a node has one) and the sink.
 */
public final class Checker {
    private Checker() {
    }

    /** Runs the checks; blocks until all are done. Progress lines go to {@code progress}. */
    public static List<TargetReport> check(List<TargetSpec> targets, CheckOptions options, Consumer<String> progress) {
        ProbeNetty.requireEpoll();
        EventLoopGroup group = ProbeNetty.eventLoops(Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors())),
                "preflight-probe");
        Map<InetAddress, SharedListeners> listeners = new HashMap<>();
        CaptureEvidence capture = null;
        try {
            List<InetSocketAddress> resolved = targets.stream().map(TargetSpec::resolve).toList();
            if (options.capture()) {
                String iface = HostNetwork.route(resolved.get(0).getAddress().getHostAddress()).device();
                try {
                    capture = CaptureEvidence.start(iface == null ? "any" : iface, resolved, options.writePcap());
                } catch (java.io.IOException e) {
                    throw ProbeException.environment("cannot capture on " + iface + ": " + e.getMessage(), e);
                }
                progress.accept("capturing on " + (iface == null ? "any" : iface)
                        + (options.writePcap() != null ? " into " + options.writePcap() : ""));
            }
            List<CompletableFuture<TargetReport>> runs = new ArrayList<>();
            for (InetSocketAddress target : resolved) {
                RouteInfo route = HostNetwork.route(target.getAddress().getHostAddress());
                InetAddress local = localAddress(options, route, target);
                int mtu = localMtu(route, local);
                SharedListeners shared = listeners.computeIfAbsent(local, a -> new SharedListeners(group,
                        new InetSocketAddress(a, options.listen() != null ? options.listen().getPort()
                                : CheckOptions.DEFAULT_LISTEN_PORT),
                        sinkMss(target), options.minVersion(), options.maxVersion()));
                SessionContext ctx = new SessionContext(group, options, target, local, mtu, shared.sinkEndpoint(), progress);
                runs.add(new ProbeSession(ctx, shared, route).run());
            }
            List<TargetReport> out = new ArrayList<>();
            for (CompletableFuture<TargetReport> r : runs) {
                try {
                    out.add(r.join());
                } catch (java.util.concurrent.CompletionException e) {
                    throw e.getCause() instanceof RuntimeException re ? re : e;
                }
            }
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
            listeners.values().forEach(SharedListeners::close);
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private static int sinkMss(InetSocketAddress target) {
        return io.gossippreflight.probe.plan.PacketOverhead.of(target.getAddress() instanceof java.net.Inet6Address)
                .mssForIpSize(io.gossippreflight.probe.plan.PacketOverhead.of(target.getAddress()
                        instanceof java.net.Inet6Address).minimumMtu());
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

    /** The largest packet we can send: the interface MTU, at most 65,535 (an IP packet's length field). */
    private static int localMtu(RouteInfo route, InetAddress local) {
        return Math.min(65_535, interfaceMtu(route, local));
    }

    private static int interfaceMtu(RouteInfo route, InetAddress local) {
        OptionalInt m = route.interfaceMtu();
        if (m.isPresent()) {
            return m.getAsInt();
        }
        try {
            java.net.NetworkInterface ni = java.net.NetworkInterface.getByInetAddress(local);
            if (ni != null) {
                return ni.getMTU();
            }
        } catch (java.net.SocketException e) {
            // fall through
        }
        return 1500;
    }
}
