package io.gossippreflight.probe.net;

import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One outbound internode connection after its handshake, as a node opens it to send (connections
 * are one-way: nothing is read from it).
 */
public interface Link extends AutoCloseable {
    /**
     * @param target where to connect
     * @param bind local address to connect from, or null for the kernel's choice
     * @param advertise the address in our Initiate: where the peer sends its answers
     * @param type connection type (URGENT for gossip, LARGE above 65,515 bytes)
     * @param maxSeg TCP_MAXSEG to set before connecting, 0 for none (clamped to what Linux accepts)
     * @param timeout for connect and handshake together
     */
    record Spec(InetSocketAddress target, InetAddress bind, InetAddressAndPort advertise, ConnectionType type,
                int maxSeg, Duration timeout, MessagingVersion min, MessagingVersion max) {
        public Spec {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(advertise, "advertise");
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(timeout, "timeout");
        }

        public Spec withMaxSeg(int mss) {
            return new Spec(target, bind, advertise, type, mss, timeout, min, max);
        }

        public Spec withType(ConnectionType t) {
            return new Spec(target, bind, advertise, t, maxSeg, timeout, min, max);
        }

        public Spec advertising(InetAddressAndPort a) {
            return new Spec(target, bind, a, type, maxSeg, timeout, min, max);
        }
    }

    MessagingVersion version();

    /** What this connection's frames and TLS add to a message. */
    default WireCost wireCost() {
        return WireCost.CRC;
    }

    InetSocketAddress localAddress();

    /** Writes one message; completes with the loop clock's nanoTime when it reached the socket. */
    CompletableFuture<Long> send(Message m);

    /** TCP_INFO now; null once the connection is closed. */
    TcpSnapshot tcp();

    boolean isOpen();

    /** Closes with a FIN, never a reset (a real node logs every reset as an error). */
    @Override
    void close();
}
