package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.net.ProbeNetwork;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.udp.IcmpWitness;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.time.SimScheduler;
import io.gossippreflight.time.SimulatedTime;
import io.gossippreflight.wire.MessagingVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The check's network on a simulated clock: our host, one target host and the path between them,
 * deterministic from one seed. Three schedulers share one {@link SimulatedTime}: the check's loop
 * (this network's {@link #loop()}), the wire (both kernels and the path; it never pauses) and the
 * target's application (pausable). A test builds it, runs a check, and advances the clock until the
 * check is done: minutes of simulated WAN in a fraction of a second, the same every run.
 */
public final class SimProbeNetwork implements ProbeNetwork {
    private final SimulatedTime time;
    private final SimScheduler loop;
    private final SimHost us;
    private final SimHost targetHost;
    private final SimTarget target;
    private final SimPath path;
    /** The target's TLS (null: plain), and the targets whose connections resume a session each. */
    private final SimTls.Seed tls;
    private ReadSkew readSkew;
    private final java.util.Map<InetSocketAddress, Resumed> resumedTargets = new java.util.HashMap<>();

    private record Resumed(MessagingVersion version, int smallMss) {
    }

    private SimProbeNetwork(Builder b) {
        time = b.time;
        loop = time.newScheduler("check");
        SimScheduler wire = time.newScheduler("wire");
        us = new SimHost(b.loopback ? "lo" : "eth0", b.usAddress, b.loopback ? null : gatewayOf(b.usAddress),
                b.usMtu, wire);
        targetHost = new SimHost(b.loopback ? "lo" : "eth0", b.targetAddress, null, b.target.interfaceMtu(), wire);
        path = new SimPath(b.path, new Random(b.seed), wire, us, targetHost);
        us.attach(path);
        targetHost.attach(path);
        if (b.learnedMtu > 0) {
            us.learnedBefore(b.targetAddress, b.learnedMtu, b.learnedExpires);
        }
        if (b.targetLearnedMtu > 0) {
            targetHost.learnedBefore(b.usAddress, b.targetLearnedMtu, b.targetLearnedExpires);
        }
        target = new SimTarget(b.target, targetHost, time.newScheduler("target"));
        tls = b.tls;
        if (tls != null) {
            target.tls(tls);
        }
        target.start();
    }

    public static Builder builder(long seed) {
        return new Builder(seed);
    }

    public SimulatedTime time() {
        return time;
    }

    /**
     * From now on, our process reads the connections it accepts late, as a busy or cold one does:
     * each message waits up to {@code max} (a seeded draw), in order within a connection but not
     * across them (listeners opened after this call).
     */
    public void readSkew(Duration max, long seed) {
        readSkew = new ReadSkew(max, seed);
    }

    public SimTarget target() {
        return target;
    }

    /** Where the target listens. */
    public InetSocketAddress targetAddress() {
        return new InetSocketAddress(targetHost.address(), target.config().port());
    }

    /** Ports our host still listens on (every lane and listener closed at the end of a check: 0). */
    public int listeningPorts() {
        return us.listeningPorts();
    }

    /** Packets the path dropped (loss, MTU, firewall). */
    public long dropped() {
        return path.dropped();
    }

    @Override
    public Scheduler loop() {
        return loop;
    }

    /** Targets that answered as 3.x nodes: later connections use the pre-4.0 handshake at once (as the Netty network). */
    private final java.util.Map<InetSocketAddress, MessagingVersion> pre40Targets = new java.util.HashMap<>();

    @Override
    public boolean encrypts() {
        return tls != null;
    }

    @Override
    public boolean resumeTls(InetSocketAddress target, MessagingVersion version, int smallMss) {
        if (tls == null || !version.isModern() || pre40Targets.containsKey(target)) {
            return false;
        }
        resumedTargets.put(target, new Resumed(version, smallMss));
        return true;
    }

    @Override
    public CompletableFuture<Link> connect(Link.Spec spec) {
        Resumed r = resumedTargets.get(spec.target());
        if (tls != null && r != null && !(spec.maxSeg() > 0 && spec.maxSeg() <= r.smallMss())) {
            // as the Netty network: a full handshake at the small MSS leaves a session, the link resumes it, blind
            MessagingVersion v = r.version();
            Link.Spec small = new Link.Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(), r.smallMss(),
                    spec.timeout(), v, v);
            return SimLink.open(us, small, loop, SimLink.Tls.FULL).thenCompose(first -> {
                first.close();
                return SimLink.open(us, new Link.Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(),
                        spec.maxSeg(), spec.timeout(), v, v), loop, new SimLink.Tls(true, true));
            });
        }
        if (tls != null) {
            return SimLink.open(us, spec, loop, SimLink.Tls.FULL);
        }
        MessagingVersion known = pre40Targets.get(spec.target());
        if (known != null) {
            return SimLink.open(us, legacy(spec, known), loop);
        }
        return SimLink.open(us, spec, loop).handle((l, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(l);
            }
            MessagingVersion v = io.gossippreflight.probe.net.OutboundLink.legacyAnswer(e);
            if (v == null || !spec.max().isModern()) {
                return CompletableFuture.<Link>failedFuture(e);
            }
            pre40Targets.put(spec.target(), v);
            return SimLink.open(us, legacy(spec, v), loop);
        }).thenCompose(f -> f);
    }

    private static Link.Spec legacy(Link.Spec spec, MessagingVersion v) {
        return new Link.Spec(spec.target(), spec.bind(), spec.advertise(), spec.type(), spec.maxSeg(), spec.timeout(), v, v);
    }

    @Override
    public CompletableFuture<Listener> listen(InetSocketAddress address, int advertisedMss, MessagingVersion min,
            MessagingVersion max, Listener.Handler handler) {
        SimListener l = SimListener.open(us, address, advertisedMss, min, max, loop, SimListener.Behaviour.INTERNODE,
                handler);
        if (l != null && readSkew != null) {
            l.readSkew(readSkew);
        }
        return l != null ? CompletableFuture.completedFuture(l) : CompletableFuture.failedFuture(
                ProbeException.environment("cannot listen on " + address + ": address in use", null));
    }

    @Override
    public CompletableFuture<UdpProber.Result> udp(InetSocketAddress target, InetAddress local, int outboundMtu,
            int inboundMtu, ProbeTimeouts timeouts) {
        return SimUdp.probe(us, loop, target, local, outboundMtu, inboundMtu, timeouts);
    }

    @Override
    public CompletableFuture<IcmpWitness.Outcome> icmpWitness(InetSocketAddress target, InetAddress local, int ipSize,
            Duration wait) {
        return SimUdp.witness(us, loop, target, ipSize, wait);
    }

    @Override
    public CompletableFuture<IcmpWitness.Outcome> askIcmpWitness(InetSocketAddress responder, InetAddress local,
            int ipSize, Duration wait) {
        return SimUdp.ask(us, loop, responder, local, ipSize, wait);
    }

    @Override
    public CompletableFuture<Boolean> speaksTls(InetSocketAddress target, Duration timeout) {
        return SimTls.ask(us, loop, target, timeout);
    }

    @Override
    public RouteInfo route(InetAddress dst) {
        return us.route(dst);
    }

    @Override
    public OptionalInt tcpMtuProbing() {
        return OptionalInt.of(0);
    }

    /** Payloads are built in place: a simulation stays on one thread. */
    @Override
    public Executor background() {
        return Runnable::run;
    }

    private static InetAddress gatewayOf(InetAddress a) {
        byte[] b = a.getAddress();
        b[b.length - 1] = 1;
        try {
            return InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How the simulated world looks. Defaults: the lab's hosts (us 198.18.2.2, target 198.18.1.2:7000), MTU 9001. */
    public static final class Builder {
        private final long seed;
        private SimulatedTime time = new SimulatedTime(1_700_000_000_000L);
        private InetAddress usAddress = address("198.18.2.2");
        private int usMtu = 9001;
        private InetAddress targetAddress = address("198.18.1.2");
        private SimTarget.Config target = SimTarget.Config.responder();
        private PathSpec path = PathSpec.direct();
        private int learnedMtu;
        private int targetLearnedMtu;
        private Duration targetLearnedExpires = Duration.ZERO;
        private Duration learnedExpires = Duration.ZERO;
        private boolean loopback;
        private SimTls.Seed tls;

        private Builder(long seed) {
            this.seed = seed;
        }

        public Builder time(SimulatedTime t) {
            this.time = t;
            return this;
        }

        public Builder us(String address, int mtu) {
            this.usAddress = address(address);
            this.usMtu = mtu;
            return this;
        }

        public Builder target(String address, SimTarget.Config config) {
            this.targetAddress = address(address);
            this.target = config;
            return this;
        }

        public Builder target(SimTarget.Config config) {
            this.target = config;
            return this;
        }

        public Builder path(PathSpec p) {
            this.path = p;
            return this;
        }

        /** The target's host already holds path MTU {@code mtu} towards us, learned from ICMP, forgotten in {@code expiresIn}. */
        public Builder targetLearned(int mtu, Duration expiresIn) {
            this.targetLearnedMtu = mtu;
            this.targetLearnedExpires = expiresIn;
            return this;
        }

        /** Our host already holds path MTU {@code mtu} towards the target, learned from ICMP, forgotten in {@code expiresIn}. */
        public Builder learned(int mtu, Duration expiresIn) {
            this.learnedMtu = mtu;
            this.learnedExpires = expiresIn;
            return this;
        }

        /**
         * The target speaks TLS: its full handshake's answer of {@code fullAnswerBytes} (certificates)
         * and, after TLS, session tickets of {@code ticketBytes} ahead of its Accept; our connections
         * speak it too. Records add no bytes here (their real size is measured by {@code OutboundLink}).
         */
        public Builder tls(int fullAnswerBytes, int ticketBytes) {
            this.tls = new SimTls.Seed(fullAnswerBytes, ticketBytes);
            return this;
        }

        /** Both ends on one machine's loopback (MTU 65,536): us 127.0.0.4, the target 127.0.0.1. */
        public Builder loopback() {
            this.loopback = true;
            this.usAddress = address("127.0.0.4");
            this.usMtu = 65_536;
            this.targetAddress = address("127.0.0.1");
            this.target = target.mtu(65_536);
            this.path = PathSpec.direct();
            return this;
        }

        public SimProbeNetwork build() {
            return new SimProbeNetwork(this);
        }

        private static InetAddress address(String a) {
            try {
                return InetAddress.getByName(a);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("not an address: " + a, e);
            }
        }
    }
}
