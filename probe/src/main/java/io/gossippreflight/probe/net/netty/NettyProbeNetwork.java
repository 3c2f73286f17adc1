package io.gossippreflight.probe.net.netty;

import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.LinkSecurity;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.net.ProbeNetwork;
import io.gossippreflight.probe.net.TlsProbe;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.HostNetwork;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.probe.udp.IcmpWitness;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The real network: epoll sockets through Netty, TCP_INFO from the kernel, routes from {@code ip
 * route get}. Sockets live on the group's loops; every result is handed to this network's own loop,
 * so a check runs single-threaded.
 */
public final class NettyProbeNetwork implements ProbeNetwork {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final Scheduler scheduler;
    private final LinkSecurity security;
    /** Targets that answered as 3.x nodes, and their version: later connections use the pre-4.0 handshake at once. */
    private final java.util.Map<InetSocketAddress, MessagingVersion> pre40Targets;
    /** Targets whose TLS connections are opened from a session of their own each: {@link #resumeTls}. */
    private final java.util.Map<InetSocketAddress, Resumed> resumedTargets = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Session keys of resumed connections: above any port, so none is a real peer's (the TLS client
     * keeps sessions by host and this key).
     */
    private static final java.util.concurrent.atomic.AtomicInteger SESSION_KEYS = new java.util.concurrent.atomic.AtomicInteger(1 << 16);

    private record Resumed(MessagingVersion version, int smallMss) {
    }

    public NettyProbeNetwork(EventLoopGroup group, EventLoop loop) {
        this(group, loop, LinkSecurity.PLAIN);
    }

    /** Connections and listeners with TLS and frames as {@code security} says. */
    public NettyProbeNetwork(EventLoopGroup group, EventLoop loop, LinkSecurity security) {
        this(group, loop, security, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private NettyProbeNetwork(EventLoopGroup group, EventLoop loop, LinkSecurity security,
            java.util.Map<InetSocketAddress, MessagingVersion> pre40Targets) {
        this.pre40Targets = pre40Targets;
        this.group = group;
        this.loop = loop;
        this.scheduler = new EventLoopScheduler(loop);
        this.security = java.util.Objects.requireNonNull(security, "security");
    }

    /** Another network on the same sockets with a loop of its own (one per target). */
    public NettyProbeNetwork withNextLoop() {
        return new NettyProbeNetwork(group, group.next(), security, pre40Targets);
    }

    @Override
    public Scheduler loop() {
        return scheduler;
    }

    @Override
    public boolean encrypts() {
        return security.encrypts();
    }

    @Override
    public boolean resumeTls(InetSocketAddress target, MessagingVersion version, int smallMss) {
        if (!security.encrypts() || !version.isModern() || pre40Targets.containsKey(target)) {
            return false;
        }
        resumedTargets.put(target, new Resumed(version, smallMss));
        return true;
    }

    @Override
    public CompletableFuture<Link> connect(Link.Spec spec) {
        Resumed resumed = resumedTargets.get(spec.target());
        if (resumed != null) {
            return onLoop(resumed(spec, resumed).thenApply(LoopLink::new));
        }
        MessagingVersion known = pre40Targets.get(spec.target());
        CompletableFuture<OutboundLink> open = known != null
                ? OutboundLink.open(group, new Link.Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(),
                        spec.maxSeg(), spec.timeout(), known, known), security)
                : OutboundLink.openNegotiating(group, spec, security);
        return onLoop(open.thenApply(l -> {
            if (!l.version().isModern()) {
                pre40Targets.put(spec.target(), l.version());
            }
            return new LoopLink(l);
        }));
    }

    /** A session under a key of its own from a full handshake at the small MSS, then the link resuming it, blind. */
    private CompletableFuture<OutboundLink> resumed(Link.Spec spec, Resumed r) {
        if (spec.maxSeg() > 0 && spec.maxSeg() <= r.smallMss()) {
            // small segments both ways: a full handshake crosses as the first one did
            return OutboundLink.open(group, spec, security);
        }
        int key = SESSION_KEYS.updateAndGet(k -> k >= Integer.MAX_VALUE - 1 ? 1 << 16 : k + 1);
        Link.Spec small = new Link.Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(), r.smallMss(),
                spec.timeout(), r.version(), r.version());
        Link.Spec blind = new Link.Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(), spec.maxSeg(),
                spec.timeout(), r.version(), r.version());
        return OutboundLink.open(group, small, security, new OutboundLink.TlsSession(key, false)).thenCompose(first -> {
            first.close();
            return OutboundLink.open(group, blind, security, new OutboundLink.TlsSession(key, true));
        });
    }

    @Override
    public CompletableFuture<Listener> listen(InetSocketAddress address, int advertisedMss, MessagingVersion min,
            MessagingVersion max, Listener.Handler handler) {
        return onLoop(InboundListener.open(group, address, advertisedMss, min, max, security, new InboundListener.Handler() {
            @Override
            public void onHandshake(InboundConnection c) {
                TcpSnapshot tcp = c.tcp();
                Accepted a = new Accepted(c);
                loop.execute(() -> handler.onHandshake(a, tcp));
            }

            @Override
            public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
                TcpSnapshot tcp = c.tcp(); // as it arrived, on the connection's own thread
                Accepted a = new Accepted(c);
                loop.execute(() -> handler.onMessage(a, m, arrivedNanos, tcp));
            }
        }).thenApply(l -> new Listener() {
            @Override
            public InetSocketAddress localAddress() {
                return l.localAddress();
            }

            @Override
            public void close() {
                l.close();
            }
        }));
    }

    @Override
    public CompletableFuture<UdpProber.Result> udp(InetSocketAddress target, InetAddress local, int outboundMtu,
            int inboundMtu, ProbeTimeouts timeouts) {
        // opening binds synchronously: not on an event loop
        return onLoop(CompletableFuture.supplyAsync(() -> UdpProber.open(group, target, new InetSocketAddress(local, 0)))
                .thenCompose(p -> p.run(outboundMtu, inboundMtu, 32, timeouts).whenComplete((r, e) -> p.close())));
    }

    @Override
    public CompletableFuture<IcmpWitness.Outcome> icmpWitness(InetSocketAddress target, InetAddress local, int ipSize,
            Duration wait) {
        return onLoop(IcmpWitness.run(group, target, new InetSocketAddress(local, 0), ipSize, wait));
    }

    @Override
    public CompletableFuture<IcmpWitness.Outcome> askIcmpWitness(InetSocketAddress responder, InetAddress local,
            int ipSize, Duration wait) {
        return onLoop(IcmpWitness.ask(group, responder, new InetSocketAddress(local, 0), ipSize, wait));
    }

    @Override
    public CompletableFuture<Boolean> speaksTls(InetSocketAddress target, Duration timeout) {
        return onLoop(TlsProbe.speaksTls(group, target, timeout));
    }

    @Override
    public RouteInfo route(InetAddress target) {
        return HostNetwork.route(io.netty.util.NetUtil.toAddressString(target));
    }

    @Override
    public OptionalInt tcpMtuProbing() {
        return HostNetwork.tcpMtuProbing();
    }

    private <T> CompletableFuture<T> onLoop(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> loop.execute(() -> {
            if (e != null) {
                out.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                        ? e.getCause() : e);
            } else {
                out.complete(v);
            }
        }));
        return out;
    }

    /** An accepted connection as a check sees it. */
    private record Accepted(InboundConnection c) implements Listener.Accepted {
        @Override
        public Initiate initiate() {
            return c.initiate();
        }

        @Override
        public MessagingVersion version() {
            return c.version();
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return c.remoteAddress();
        }

        @Override
        public TcpSnapshot tcp() {
            return c.tcp();
        }

        @Override
        public io.gossippreflight.probe.net.WireCost wireCost() {
            return c.wireCost();
        }

        @Override
        public int acceptPmtu() {
            return c.acceptPmtu();
        }
    }

    /** An outbound link whose send completions come on the check's loop. */
    private final class LoopLink implements Link {
        private final OutboundLink link;

        LoopLink(OutboundLink link) {
            this.link = link;
        }

        @Override
        public MessagingVersion version() {
            return link.version();
        }

        @Override
        public io.gossippreflight.probe.net.WireCost wireCost() {
            return link.wireCost();
        }

        @Override
        public InetSocketAddress localAddress() {
            return link.localAddress();
        }

        @Override
        public CompletableFuture<Long> send(Message m) {
            return onLoop(link.send(m));
        }

        @Override
        public TcpSnapshot tcp() {
            return link.tcp();
        }

        @Override
        public boolean isOpen() {
            return link.isOpen();
        }

        @Override
        public void close() {
            link.close();
        }
    }
}
