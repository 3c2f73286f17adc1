package io.gossippreflight.probe.net;

import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.Message;
import java.net.InetSocketAddress;

/** A listening gossip port of ours; its handler's calls come on the network's loop. */
public interface Listener extends AutoCloseable {
    /** A connection a peer opened to us, after its handshake. */
    interface Accepted {
        /** The peer's Initiate: the address it says it is, its connection type. */
        Initiate initiate();

        MessagingVersion version();

        InetSocketAddress remoteAddress();

        /** TCP_INFO now; null once closed. */
        TcpSnapshot tcp();

        /** What the peer's frames (LZ4 when it compresses towards us) and TLS add to its messages. */
        default WireCost wireCost() {
            return WireCost.CRC;
        }

        /** The path MTU towards the peer the kernel held as it accepted the connection; 0 when unknown. */
        default int acceptPmtu() {
            return 0;
        }
    }

    /** What a listener reports, on the network's loop. */
    interface Handler {
        default void onHandshake(Accepted c, TcpSnapshot tcp) {
        }

        /**
         * A whole message arrived.
         *
         * @param atNanos the loop clock when it was decoded
         * @param tcp the connection's TCP_INFO read as it arrived (null if it closed meanwhile)
         */
        void onMessage(Accepted c, Message m, long atNanos, TcpSnapshot tcp);
    }

    InetSocketAddress localAddress();

    /** Stops listening and closes every connection it accepted. */
    @Override
    void close();
}
