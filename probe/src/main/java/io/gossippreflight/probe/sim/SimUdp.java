package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.udp.IcmpWitness;
import io.gossippreflight.probe.udp.UdpProbeFormat;
import io.gossippreflight.probe.udp.UdpProber;
import io.gossippreflight.probe.udp.UdpSearch;
import io.gossippreflight.time.Scheduler;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The DF UDP probe on simulated hosts: our side runs the real search ({@link UdpSearch}) over
 * datagrams that cross the same path as everything else (over a hop's MTU: dropped, and the
 * sender's kernel learns the MTU when ICMP gets through — its TCP then uses it too); the
 * responder's side answers as {@code UdpResponder} does, on its application's scheduler (a
 * paused responder answers nothing).
 */
final class SimUdp {
    /** Probes in flight per round, as the real network runs it. */
    static final int PARALLEL = 32;

    private SimUdp() {
    }

    static CompletableFuture<UdpProber.Result> probe(SimHost us, Scheduler loop, InetSocketAddress target,
            InetAddress local, int outboundMtu, int inboundMtu, ProbeTimeouts timeouts) {
        PacketOverhead o = PacketOverhead.of(target.getAddress() instanceof java.net.Inet6Address);
        InetSocketAddress from = new InetSocketAddress(local, us.ephemeralPort());
        UdpSearch search = new UdpSearch(loop, o, (type, seq, ipSize, payload) -> {
            int size = o.ipSizeForDatagram(payload);
            if (size <= us.interfaceMtu()) { // a larger one fails to leave (EMSGSIZE)
                us.send(new Packet.Datagram(from, target, size, new UdpProbeFormat.Header(type, seq, ipSize, 0, payload)));
            }
        });
        us.bindUdp(from.getPort(), d -> {
            if (d.src().equals(target)) {
                loop.execute(() -> search.answer(d.header()));
            }
        });
        return search.run(outboundMtu, inboundMtu, PARALLEL, timeouts)
                .whenComplete((r, e) -> us.unbindUdp(from.getPort()));
    }

    /**
     * An ICMP witness ({@link IcmpWitness#run}) from {@code host}: {@link IcmpWitness#COUNT} PROBEs of
     * IP size {@code ipSize} to {@code to} from a connected socket of a port of its own, spread over
     * the first half of {@code wait}, on {@code loop}.
     */
    static CompletableFuture<IcmpWitness.Outcome> witness(SimHost host, Scheduler loop, InetSocketAddress to,
            int ipSize, Duration wait) {
        CompletableFuture<IcmpWitness.Outcome> out = new CompletableFuture<>();
        InetSocketAddress from = new InetSocketAddress(host.address(), host.ephemeralPort());
        PacketOverhead o = PacketOverhead.of(to.getAddress() instanceof java.net.Inet6Address);
        int payload = o.datagramPayloadFor(ipSize);
        host.bindUdp(from.getPort(), d -> {
            if (d.src().equals(to)) {
                loop.execute(() -> out.complete(IcmpWitness.Outcome.REACHED));
            }
        });
        host.udpErrors(from.getPort(), e -> loop.execute(() -> out.complete(e)));
        long spacing = wait.toNanos() / 2 / IcmpWitness.COUNT;
        for (int i = 0; i < IcmpWitness.COUNT; i++) {
            int seq = i;
            loop.schedule(Duration.ofNanos(i * spacing), () -> {
                if (!out.isDone() && ipSize <= host.interfaceMtu()) {
                    host.send(new Packet.Datagram(from, to, ipSize, new UdpProbeFormat.Header(UdpProbeFormat.PROBE, seq,
                            ipSize, 0, payload)));
                }
            });
        }
        loop.schedule(wait, () -> out.complete(IcmpWitness.Outcome.SILENT));
        return out.whenComplete((r, e) -> host.unbindUdp(from.getPort()));
    }

    /** {@link IcmpWitness#ask}: our responder at {@code responder} runs a witness of IP size {@code ipSize} towards us. */
    static CompletableFuture<IcmpWitness.Outcome> ask(SimHost us, Scheduler loop, InetSocketAddress responder,
            InetAddress local, int ipSize, Duration wait) {
        CompletableFuture<IcmpWitness.Outcome> out = new CompletableFuture<>();
        InetSocketAddress from = new InetSocketAddress(local, us.ephemeralPort());
        us.bindUdp(from.getPort(), d -> loop.execute(() -> {
            IcmpWitness.Outcome o = d.src().getAddress().equals(responder.getAddress())
                    ? IcmpWitness.askAnswer(d.header(), ipSize) : null;
            if (o != null) {
                out.complete(o);
            }
        }));
        PacketOverhead o = PacketOverhead.of(responder.getAddress() instanceof java.net.Inet6Address);
        us.send(new Packet.Datagram(from, responder, o.ipSizeForDatagram(UdpProbeFormat.HEADER), new UdpProbeFormat.Header(
                UdpProbeFormat.ICMP_TEST, 0, ipSize, (int) wait.toMillis(), UdpProbeFormat.HEADER)));
        loop.schedule(IcmpWitness.askTimeout(wait), () -> out.complete(IcmpWitness.Outcome.NO_REPORT));
        return out.whenComplete((r, e) -> us.unbindUdp(from.getPort()));
    }

    /** Our responder's UDP side on {@code port} of {@code host}. */
    static void serve(SimHost host, int port, Scheduler app) {
        InetSocketAddress self = new InetSocketAddress(host.address(), port);
        host.bindUdp(port, d -> app.execute(() -> answer(host, self, d, app)));
    }

    private static void answer(SimHost host, InetSocketAddress self, Packet.Datagram d, Scheduler app) {
        UdpProbeFormat.Header h = d.header();
        PacketOverhead o = PacketOverhead.of(d.src().getAddress() instanceof java.net.Inet6Address);
        int mtu = host.interfaceMtu();
        int small = o.ipSizeForDatagram(UdpProbeFormat.HEADER);
        if (h.type() == UdpProbeFormat.PROBE) {
            host.send(new Packet.Datagram(self, d.src(), small, new UdpProbeFormat.Header(UdpProbeFormat.PROBE_ACK,
                    h.sequence(), h.payloadLength(), mtu, UdpProbeFormat.HEADER)));
        } else if (h.type() == UdpProbeFormat.SEND_REQUEST) {
            int payload = o.datagramPayloadFor(h.size());
            if (payload < UdpProbeFormat.HEADER || payload > UdpProbeFormat.MAX_PAYLOAD) {
                return;
            }
            if (h.size() > mtu) { // EMSGSIZE on our own interface: say so instead of staying silent
                host.send(new Packet.Datagram(self, d.src(), small, new UdpProbeFormat.Header(UdpProbeFormat.SEND_ERROR,
                        h.sequence(), h.size(), mtu, UdpProbeFormat.HEADER)));
                return;
            }
            host.send(new Packet.Datagram(self, d.src(), h.size(), new UdpProbeFormat.Header(UdpProbeFormat.PROBE_BACK,
                    h.sequence(), h.size(), mtu, payload)));
        } else if (h.type() == UdpProbeFormat.ICMP_TEST) {
            int size = Math.min(h.size(), mtu);
            Duration wait = IcmpWitness.requestedWait(h.mtu());
            witness(host, app, d.src(), size, wait).thenAccept(r -> host.send(new Packet.Datagram(self, d.src(), small,
                    new UdpProbeFormat.Header(UdpProbeFormat.ICMP_TEST_RESULT, h.sequence(), size, r.code(),
                            UdpProbeFormat.HEADER))));
        }
    }
}
