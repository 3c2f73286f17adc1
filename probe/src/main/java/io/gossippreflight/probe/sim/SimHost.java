package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.socket.RouteInfo;
import io.gossippreflight.probe.udp.IcmpWitness;
import io.gossippreflight.time.Scheduler;
import io.gossippreflight.time.SimScheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One host's kernel as a check observes it: an interface and its MTU, the path MTUs it learned
 * from ICMP (per destination, forgotten after net.ipv4.route.mtu_expires), which also cap the MSS
 * it advertises, its TCP sockets and listeners, and its UDP sockets. Runs on the wire's scheduler.
 */
final class SimHost {
    /** net.ipv4.route.mtu_expires default. */
    static final Duration MTU_EXPIRES = Duration.ofSeconds(600);
    /** Largest MSS option Linux advertises (IP_MAX_MTU − headers). */
    private static final int MAX_ADVMSS = 65_535 - 40;
    /** An ICMP "port unreachable": IP and ICMP headers and the start of the datagram it is about. */
    private static final int PORT_UNREACHABLE_BYTES = 576;

    /** What a listening port does with a connection once established. */
    record Listening(int userMss, Scheduler app, Function<TcpSocket, TcpSocket.Owner> acceptor) {
    }

    private record SocketKey(int localPort, InetSocketAddress remote) {
    }

    private final String device;
    private final InetAddress address;
    private final InetAddress gateway;
    private final int interfaceMtu;
    private final SimScheduler wire;
    private final Map<InetAddress, long[]> learned = new HashMap<>();
    private final Map<Integer, Listening> listeners = new HashMap<>();
    private final Map<SocketKey, TcpSocket> sockets = new HashMap<>();
    private final Map<Integer, Consumer<Packet.Datagram>> udp = new HashMap<>();
    /** What a connected UDP socket on a port hears of ICMP: "too big" or "port unreachable". */
    private final Map<Integer, Consumer<IcmpWitness.Outcome>> udpErrors = new HashMap<>();
    private SimPath path;
    private int nextPort = 40_000;

    SimHost(String device, InetAddress address, InetAddress gateway, int interfaceMtu, SimScheduler wire) {
        this.device = device;
        this.address = address;
        this.gateway = gateway;
        this.interfaceMtu = interfaceMtu;
        this.wire = wire;
    }

    void attach(SimPath p) {
        this.path = p;
    }

    InetAddress address() {
        return address;
    }

    int interfaceMtu() {
        return interfaceMtu;
    }

    SimScheduler wire() {
        return wire;
    }

    long now() {
        return wire.clock().nanoTime();
    }

    /** The path MTU towards {@code dst}: the interface's, or lower where ICMP taught a smaller one that has not expired. */
    int pmtu(InetAddress dst) {
        long[] e = learned.get(dst);
        if (e != null && e[1] <= now()) {
            learned.remove(dst);
            e = null;
        }
        return e == null ? interfaceMtu : (int) Math.min(interfaceMtu, e[0]);
    }

    /** A path MTU learned before the check (earlier traffic drew the ICMP), forgotten in {@code expiresIn}. */
    void learnedBefore(InetAddress dst, int mtu, Duration expiresIn) {
        learned.put(dst, new long[] {mtu, now() + expiresIn.toNanos()});
    }

    /** ICMP "too big" for a packet we sent: remember the MTU towards its destination and tell its socket. */
    void icmpTooBig(Packet p, int mtu) {
        InetAddress dst = p.dst().getAddress();
        if (mtu < pmtu(dst)) {
            learned.put(dst, new long[] {mtu, now() + MTU_EXPIRES.toNanos()});
        }
        if (p instanceof Packet.Segment s) {
            TcpSocket sock = sockets.get(new SocketKey(s.src().getPort(), s.dst()));
            if (sock != null) {
                sock.onIcmpTooBig();
            }
        } else if (p instanceof Packet.Datagram d) {
            Consumer<IcmpWitness.Outcome> e = udpErrors.get(d.src().getPort());
            if (e != null) {
                e.accept(IcmpWitness.Outcome.TOO_BIG);
            }
        }
    }

    /** The MSS option this host puts in a SYN or SYN-ACK towards {@code peer} (TCP_MAXSEG {@code userMss} when set). */
    int advertisedMss(InetAddress peer, int userMss) {
        PacketOverhead o = PacketOverhead.of(peer instanceof java.net.Inet6Address);
        int mss = Math.min(MAX_ADVMSS, o.mssForIpSize(pmtu(peer)));
        return userMss > 0 ? Math.min(mss, userMss) : mss;
    }

    /** What {@code ip route get dst} says here. */
    RouteInfo route(InetAddress dst) {
        long[] e = learned.get(dst);
        boolean cached = e != null && e[1] > now() && e[0] < interfaceMtu;
        return new RouteInfo(device, gateway == null ? null : gateway.getHostAddress(), address.getHostAddress(),
                cached ? OptionalInt.of((int) e[0]) : OptionalInt.empty(), OptionalInt.of(interfaceMtu),
                cached ? OptionalInt.of((int) ((e[1] - now()) / 1_000_000_000L)) : OptionalInt.empty());
    }

    int ephemeralPort() {
        return nextPort++;
    }

    void listen(int port, Listening l) {
        listeners.put(port, l);
    }

    void unlisten(int port) {
        listeners.remove(port);
    }

    int listeningPorts() {
        return listeners.size();
    }

    boolean listening(int port) {
        return listeners.containsKey(port);
    }

    void register(TcpSocket s) {
        sockets.put(new SocketKey(s.local().getPort(), s.remote()), s);
    }

    void unregister(TcpSocket s) {
        sockets.remove(new SocketKey(s.local().getPort(), s.remote()), s);
    }

    void bindUdp(int port, Consumer<Packet.Datagram> receiver) {
        udp.put(port, receiver);
    }

    void unbindUdp(int port) {
        udp.remove(port);
        udpErrors.remove(port);
    }

    /** The socket bound to {@code port} is connected: the ICMP errors about what it sent reach {@code errors}. */
    void udpErrors(int port, Consumer<IcmpWitness.Outcome> errors) {
        udpErrors.put(port, errors);
    }

    void send(Packet p) {
        path.send(this, p);
    }

    void receive(Packet p) {
        if (p instanceof Packet.Datagram d) {
            if (d.header() == null) { // ICMP "port unreachable" about one we sent
                Consumer<IcmpWitness.Outcome> e = udpErrors.get(d.dst().getPort());
                if (e != null) {
                    e.accept(IcmpWitness.Outcome.REACHED);
                }
                return;
            }
            Consumer<Packet.Datagram> r = udp.get(d.dst().getPort());
            if (r != null) {
                r.accept(d);
            } else {
                send(new Packet.Datagram(d.dst(), d.src(), PORT_UNREACHABLE_BYTES, null));
            }
            return;
        }
        Packet.Segment s = (Packet.Segment) p;
        TcpSocket sock = sockets.get(new SocketKey(s.dst().getPort(), s.src()));
        if (sock != null) {
            sock.onSegment(s);
            return;
        }
        if (s.has(Packet.Segment.SYN) && !s.has(Packet.Segment.ACK)) {
            Listening l = listeners.get(s.dst().getPort());
            if (l != null) {
                TcpSocket.passive(this, s, l.userMss(), l.app(), l.acceptor());
                return;
            }
        }
        if (!s.has(Packet.Segment.RST)) {
            // nothing listens, or the socket is gone: a reset, as Linux answers
            send(new Packet.Segment(s.dst(), s.src(), Packet.Segment.RST, s.ack(), 0, 0, 0, 0, List.of(), false, now(),
                    0, PacketOverhead.of(s.dst().getAddress() instanceof java.net.Inet6Address).tcpHeaders(false),
                    null));
        }
    }
}
