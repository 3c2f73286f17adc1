package io.gossippreflight.probe.udp;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.socket.SocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The responder's side of the DF UDP probe: acknowledges probes, and sends probes of a requested
 * size back with DF set and the learned PMTU ignored (IP_PMTUDISC_PROBE), so each direction is
 * measured on its own; and, asked for an ICMP test, whether ICMP "too big" reaches it now on its way
 * to the checker ({@link IcmpWitness}). Requests from senders {@code allowed} rejects get no answer: a small request
 * buys a large datagram, which must not serve as an amplifier.
 */
public final class UdpResponder implements AutoCloseable {
    /** Room for a round of large probes arriving at once. */
    static final int BUFFER_BYTES = 4 << 20;
    private final Channel channel;

    private UdpResponder(Channel channel) {
        this.channel = channel;
    }

    public static UdpResponder bind(EventLoopGroup group, InetSocketAddress listen, Predicate<InetAddress> allowed) {
        int mtu = interfaceMtu(listen.getAddress());
        Bootstrap b = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new Handler(allowed, mtu));
        try {
            Channel ch = b.bind(listen).sync().channel();
            ch.config().setOption(SocketOptions.mtuDiscover(listen.getAddress() instanceof java.net.Inet6Address),
                    SocketOptions.PMTUDISC_PROBE);
            SocketOptions.largeBuffers(ch, BUFFER_BYTES);
            return new UdpResponder(ch);
        } catch (Exception e) {
            throw ProbeException.environment("cannot listen for UDP probes on " + listen + ": " + e.getMessage()
                    + " (is the address on this host and the port free?)", e);
        }
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    private static int interfaceMtu(InetAddress a) {
        try {
            NetworkInterface ni = a.isAnyLocalAddress() ? null : NetworkInterface.getByInetAddress(a);
            return ni == null ? 0 : ni.getMTU();
        } catch (SocketException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }

    private static final class Handler extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Predicate<InetAddress> allowed;
        private final int mtu;

        Handler(Predicate<InetAddress> allowed, int mtu) {
            this.allowed = allowed;
            this.mtu = mtu;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
            UdpProbeFormat.Header h = UdpProbeFormat.decode(msg.content());
            InetSocketAddress from = msg.sender();
            if (h == null || !allowed.test(from.getAddress())) {
                return;
            }
            if (h.type() == UdpProbeFormat.PROBE) {
                reply(ctx, from, UdpProbeFormat.PROBE_ACK, h.sequence(), h.payloadLength(), UdpProbeFormat.HEADER);
            } else if (h.type() == UdpProbeFormat.SEND_REQUEST) {
                PacketOverhead o = PacketOverhead.of(from.getAddress() instanceof java.net.Inet6Address);
                int payload = o.datagramPayloadFor(h.size());
                if (payload < UdpProbeFormat.HEADER || payload > UdpProbeFormat.MAX_PAYLOAD) {
                    return; // a size no checker of ours asks for
                }
                ByteBuf b = UdpProbeFormat.encode(ctx.alloc(), UdpProbeFormat.PROBE_BACK, h.sequence(), h.size(), mtu, payload);
                ctx.writeAndFlush(new DatagramPacket(b, from)).addListener(f -> {
                    if (!f.isSuccess()) {
                        // EMSGSIZE: larger than our own interface allows; say so instead of staying silent
                        reply(ctx, from, UdpProbeFormat.SEND_ERROR, h.sequence(), h.size(), UdpProbeFormat.HEADER);
                    }
                });
            } else if (h.type() == UdpProbeFormat.ICMP_TEST) {
                int size = mtu > 0 ? Math.min(h.size(), mtu) : h.size();
                Duration wait = IcmpWitness.requestedWait(h.mtu());
                InetSocketAddress local = (InetSocketAddress) ctx.channel().localAddress();
                IcmpWitness.run(ctx.channel().eventLoop(), from, local.getAddress().isAnyLocalAddress() ? null : local,
                        size, wait).whenComplete((o, e) -> {
                            if (o != null) {
                                reply(ctx, from, UdpProbeFormat.ICMP_TEST_RESULT, h.sequence(), size, o.code(),
                                        UdpProbeFormat.HEADER);
                            }
                        });
            }
        }

        private void reply(ChannelHandlerContext ctx, InetSocketAddress to, int type, int seq, int size, int length) {
            reply(ctx, to, type, seq, size, mtu, length);
        }

        private void reply(ChannelHandlerContext ctx, InetSocketAddress to, int type, int seq, int size, int mtuField,
                int length) {
            ctx.writeAndFlush(new DatagramPacket(UdpProbeFormat.encode(ctx.alloc(), type, seq, size, mtuField, length), to));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // A failed send surfaces on its future; nothing here should stop the responder.
        }
    }
}
