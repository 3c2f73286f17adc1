package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two listeners all targets reached from one local address share: the main one (our
 * gossip port, as a joining node has it: where ECHO answers and the shadow ACK arrive, at the
 * interface's own MSS) and the sink (the smallest safe MSS: answers to our outbound probes always
 * arrive there, so they never stall a connection). Messages go to the session of the target they
 * come from.
 */
final class SharedListeners implements AutoCloseable {
    /** What a session hears from its target on a shared listener. */
    interface Receiver {
        void onHandshake(boolean sink, InboundConnection c);

        void onMessage(boolean sink, InboundConnection c, Message m, long arrivedNanos);
    }

    private final InboundListener main;
    private final InboundListener sink;
    private final Map<InetAddressAndPort, Receiver> receivers = new ConcurrentHashMap<>();

    SharedListeners(EventLoopGroup group, InetSocketAddress mainAddress, int sinkMss, MessagingVersion min,
            MessagingVersion max) {
        this.main = InboundListener.bind(group, mainAddress, 0, min, max, handler(false));
        try {
            this.sink = InboundListener.bind(group, new InetSocketAddress(mainAddress.getAddress(), 0), sinkMss, min, max,
                    handler(true));
        } catch (RuntimeException e) {
            main.close();
            throw e;
        }
    }

    private InboundListener.Handler handler(boolean isSink) {
        return new InboundListener.Handler() {
            @Override
            public void onHandshake(InboundConnection c) {
                Receiver r = receiver(c);
                if (r != null) {
                    r.onHandshake(isSink, c);
                }
            }

            @Override
            public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
                Receiver r = receiver(c);
                if (r != null) {
                    r.onMessage(isSink, c, m, arrivedNanos);
                }
            }
        };
    }

    /**
     * The session a connection belongs to: by the address and port the peer gave in its handshake
     * (a node gives its own listening endpoint, which is what we connected to), else — a node
     * behind an address translation — by its IP address when only one target has it.
     */
    private Receiver receiver(InboundConnection c) {
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
