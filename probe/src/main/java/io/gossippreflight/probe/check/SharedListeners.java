package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.net.ProbeNetwork;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two listeners all targets reached from one local address share: the main one (our
 * gossip port, as a joining node has it: where ECHO answers and the shadow ACK arrive, at the
 * interface's own MSS) and the sink (the smallest safe MSS: answers to our outbound probes always
 * arrive there, so they never stall a connection). Messages go to the check of the target they
 * come from.
 */
final class SharedListeners implements AutoCloseable {
    /** What a check hears from its target on a shared listener (called on the listeners' loop). */
    interface Receiver {
        void onHandshake(boolean sink, Listener.Accepted c, TcpSnapshot tcp);

        void onMessage(boolean sink, Listener.Accepted c, Message m, long atNanos, TcpSnapshot tcp);
    }

    private final Listener main;
    private final Listener sink;
    private final Map<InetAddressAndPort, Receiver> receivers;

    private SharedListeners(Listener main, Listener sink, Map<InetAddressAndPort, Receiver> receivers) {
        this.main = main;
        this.sink = sink;
        this.receivers = receivers;
    }

    static CompletableFuture<SharedListeners> open(ProbeNetwork net, InetSocketAddress mainAddress, int sinkMss,
            MessagingVersion min, MessagingVersion max) {
        Map<InetAddressAndPort, Receiver> receivers = new ConcurrentHashMap<>();
        return net.listen(mainAddress, 0, min, max, handler(receivers, false)).thenCompose(m -> net.listen(
                new InetSocketAddress(mainAddress.getAddress(), 0), sinkMss, min, max, handler(receivers, true))
                .handle((s, e) -> {
                    if (e != null) {
                        m.close();
                        throw e instanceof RuntimeException re ? re : new java.util.concurrent.CompletionException(e);
                    }
                    return new SharedListeners(m, s, receivers);
                }));
    }

    private static Listener.Handler handler(Map<InetAddressAndPort, Receiver> receivers, boolean isSink) {
        return new Listener.Handler() {
            @Override
            public void onHandshake(Listener.Accepted c, TcpSnapshot tcp) {
                Receiver r = receiver(receivers, c);
                if (r != null) {
                    r.onHandshake(isSink, c, tcp);
                }
            }

            @Override
            public void onMessage(Listener.Accepted c, Message m, long atNanos, TcpSnapshot tcp) {
                Receiver r = receiver(receivers, c);
                if (r != null) {
                    r.onMessage(isSink, c, m, atNanos, tcp);
                }
            }
        };
    }

    /**
     * The check a connection belongs to: by the address and port the peer gave in its handshake
     * (a node gives its own listening endpoint, which is what we connected to), else — a node
     * behind an address translation — by its IP address when only one target has it.
     */
    private static Receiver receiver(Map<InetAddressAndPort, Receiver> receivers, Listener.Accepted c) {
        InetAddressAndPort from = c.initiate() != null ? c.initiate().from() : null;
        Receiver exact = from == null ? null : receivers.get(from);
        if (exact != null) {
            return exact;
        }
        InetAddress ip = c.remoteAddress().getAddress();
        Receiver only = null;
        for (Map.Entry<InetAddressAndPort, Receiver> e : receivers.entrySet()) {
            if (e.getKey().address().equals(ip)) {
                if (only != null) {
                    return null; // two targets on that address: not ours to guess
                }
                only = e.getValue();
            }
        }
        return only;
    }

    void register(InetSocketAddress target, Receiver r) {
        receivers.put(Endpoints.of(target), r);
    }

    void unregister(InetSocketAddress target) {
        receivers.remove(Endpoints.of(target));
    }

    InetAddressAndPort mainEndpoint() {
        return Endpoints.of(main.localAddress());
    }

    InetAddressAndPort sinkEndpoint() {
        return Endpoints.of(sink.localAddress());
    }

    @Override
    public void close() {
        main.close();
        sink.close();
    }
}
