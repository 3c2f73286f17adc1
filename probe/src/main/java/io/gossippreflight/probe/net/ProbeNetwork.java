package io.gossippreflight.probe.net;

import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.udp.IcmpWitness;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.wire.MessagingVersion;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * The network as a check sees it, and its only source of time: the seam between the check's logic
 * and the kernel. {@code NettyProbeNetwork} is the real one (epoll sockets, TCP_INFO); an in-memory
 * one models a path (MTU, ICMP, loss, delay, a pausing peer) on a simulated clock, so the check's
 * decisions are tested without sockets or waiting.
 *
 * <p>Every callback and every future of this interface completes on {@link #loop()}: a check's state
 * is touched on that one loop only.
 */
public interface ProbeNetwork {
    /** The check's event loop; its clock is the only time a check reads. */
    Scheduler loop();

    /** Opens an outbound internode connection and completes once its handshake did (or with a {@link LinkFailure}). */
    CompletableFuture<Link> connect(Link.Spec spec);

    /**
     * Listens on {@code address} (port 0: any) for internode connections whose SYN-ACKs advertise
     * {@code advertisedMss} (TCP_MAXSEG on the listener; 0 for the interface's own).
     */
    CompletableFuture<Listener> listen(InetSocketAddress address, int advertisedMss, MessagingVersion min,
            MessagingVersion max, Listener.Handler handler);

    /** The DF UDP probe against our responder at {@code target}, both directions. */
    CompletableFuture<UdpProber.Result> udp(InetSocketAddress target, InetAddress local, int outboundMtu, int inboundMtu,
            ProbeTimeouts timeouts);

    /**
     * An ICMP witness from us to {@code target} ({@link io.gossippreflight.probe.udp.IcmpWitness#run}):
     * DF datagrams of IP size {@code ipSize} from a connected UDP socket, and what came back within {@code wait}.
     */
    CompletableFuture<IcmpWitness.Outcome> icmpWitness(InetSocketAddress target, InetAddress local, int ipSize,
            Duration wait);

    /** Asks our responder's UDP side at {@code responder} for a witness towards us ({@link IcmpWitness#ask}). */
    CompletableFuture<IcmpWitness.Outcome> askIcmpWitness(InetSocketAddress responder, InetAddress local, int ipSize,
            Duration wait);

    /**
     * From now on, each TLS connection to {@code target} is opened in two: first a full handshake
     * advertising {@code smallMss} (its flights cross a black hole in small segments; the session it
     * leaves is kept under a key of its own, then the connection closed), then the connection asked
     * for, resuming that session, so the target's TLS answer is a few hundred bytes whatever the MSS;
     * it offers only {@code version} and does not wait for the target's Accept, which the session
     * tickets the target sends after TLS may hold up in a hole (see {@code OutboundLink.TlsSession}).
     * For a target whose full TLS handshake stalls at the natural MSS and completes at the smallest.
     *
     * @return whether connections to it are now opened so; false for plain connections, a 3.x
     *         target, or a network that models no TLS
     */
    default boolean resumeTls(InetSocketAddress target, MessagingVersion version, int smallMss) {
        return false;
    }

    /** Whether our connections speak TLS (their handshakes then cost the target CPU: see {@code CheckEnv.laneTimeout}). */
    default boolean encrypts() {
        return false;
    }

    /** Whether {@code target} answers a TLS ClientHello (a port that expects internode encryption). */
    CompletableFuture<Boolean> speaksTls(InetSocketAddress target, Duration timeout);

    /** What this host's routing table says about the way to {@code target}. */
    RouteInfo route(InetAddress target);

    /** net.ipv4.tcp_mtu_probing of this host, when known. */
    OptionalInt tcpMtuProbing();

    /**
     * Where slow preparation runs (building large payloads) so the loop stays free; its results
     * are handed back to the loop. A simulation runs it in place, to stay deterministic.
     */
    default Executor background() {
        return ForkJoinPool.commonPool();
    }
}
