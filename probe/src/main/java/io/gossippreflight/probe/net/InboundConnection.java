package io.gossippreflight.probe.net;

import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Initiate;
import io.netty.channel.epoll.EpollSocketChannel;
import java.net.InetSocketAddress;

/** A connection a peer opened to one of our listeners, as far as it got. */
public final class InboundConnection {
    private final EpollSocketChannel channel;
    private final long acceptedNanos;
    private final int acceptPmtu;
    private volatile Initiate initiate;
    private volatile MessagingVersion version;
    private volatile long handshakeNanos;
    private volatile WireCost wireCost = WireCost.CRC;

    InboundConnection(EpollSocketChannel channel, long acceptedNanos) {
        this.channel = channel;
        this.acceptedNanos = acceptedNanos;
        TcpSnapshot atAccept = TcpSnapshot.of(channel);
        this.acceptPmtu = atAccept == null ? 0 : atAccept.pmtu();
    }

    /**
     * The path MTU towards the peer the kernel held as it accepted the connection (TCP_INFO pmtu, set
     * from the route as the handshake completed); 0 when unknown.
     */
    public int acceptPmtu() {
        return acceptPmtu;
    }

    void handshake(Initiate i, MessagingVersion v, long nanos) {
        this.initiate = i;
        this.version = v;
        this.handshakeNanos = nanos;
        io.netty.handler.ssl.SslHandler ssl = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class);
        int tls = ssl == null ? 0 : WireCost.tlsRecordOverhead(ssl.engine().getSession().getProtocol(),
                ssl.engine().getSession().getCipherSuite());
        if (!v.isModern()) {
            // unframed (in LZ4 blocks when its preamble says compressed); an IPv6 sender's address makes
            // each header 12 bytes longer than counted
            this.wireCost = WireCost.pre40(remoteAddress().getAddress() instanceof java.net.Inet6Address
                    ? io.gossippreflight.wire.message.Pre40Messages.IPV6_EXTRA : 0,
                    i.framing() == io.gossippreflight.wire.handshake.Framing.LZ4, tls,
                    io.gossippreflight.wire.gossip.InetAddressAndPort.of(remoteAddress().getAddress(), 0));
            return;
        }
        this.wireCost = new WireCost(i.framing(), tls);
    }

    /** What the peer's frames (its Initiate's framing: LZ4 when it compresses towards us) and TLS add to each message. */
    public WireCost wireCost() {
        return wireCost;
    }

    /** Whether the connection is TLS. */
    public boolean encrypted() {
        return wireCost.tls();
    }

    public EpollSocketChannel channel() {
        return channel;
    }

    public InetSocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    /** System.nanoTime() when the TCP connection was accepted. */
    public long acceptedNanos() {
        return acceptedNanos;
    }

    /** The peer's Initiate, once the handshake completed (else null): its address, type, versions. */
    public Initiate initiate() {
        return initiate;
    }

    public MessagingVersion version() {
        return version;
    }

    /** System.nanoTime() when we answered the handshake, 0 before. */
    public long handshakeNanos() {
        return handshakeNanos;
    }

    /** TCP_INFO now; null once closed. */
    public TcpSnapshot tcp() {
        return TcpSnapshot.of(channel);
    }

    public void close() {
        channel.close();
    }
}
