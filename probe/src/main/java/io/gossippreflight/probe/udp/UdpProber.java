package io.gossippreflight.probe.udp;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.net.netty.EventLoopScheduler;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.SocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The checker's side of the DF UDP probe: finds the exact path MTU in each direction against our
 * responder. Datagrams leave with DF set and the learned PMTU ignored (IP_PMTUDISC_PROBE), so a
 * size either arrives whole or not at all; k sizes per round, both directions at once (the search
 * itself is {@link UdpSearch}). All state lives on the channel's event loop.
 */
public final class UdpProber implements AutoCloseable {
    /**
     * What the UDP probe found.
     *
     * @param answered false when the responder never answered (no UDP path, or not our responder)
     * @param rttMicros round trip of the first answered ping
     * @param responderMtu the responder's interface MTU, 0 when unknown
     * @param outbound every probe sent towards the target
     * @param inbound every probe requested from the target
     */
    public record Result(boolean answered, long rttMicros, int responderMtu, List<ProbeRecord> outbound,
                         List<ProbeRecord> inbound) {
    }

    private final Channel channel;
    private final UdpSearch search;

    private UdpProber(Channel channel, InetSocketAddress target, PacketOverhead overhead) {
        this.channel = channel;
        this.search = new UdpSearch(new EventLoopScheduler(channel.eventLoop()), overhead,
                (type, seq, ipSize, payload) -> channel.writeAndFlush(new DatagramPacket(
                        UdpProbeFormat.encode(channel.alloc(), type, seq, ipSize, 0, payload), target)));
    }

    /** Opens a DF socket connected to the responder at {@code target}, bound to {@code local} (port 0 is fine). */
    public static UdpProber open(EventLoopGroup group, InetSocketAddress target, InetSocketAddress local) {
        boolean v6 = target.getAddress() instanceof Inet6Address;
        UdpProber[] holder = new UdpProber[1];
        Bootstrap b = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                        UdpProbeFormat.Header h = UdpProbeFormat.decode(msg.content());
                        if (h != null && holder[0] != null && msg.sender().equals(target)) {
                            holder[0].search.answer(h);
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // ICMP errors on a connected UDP socket surface here (e.g. port unreachable): probes time out.
                    }
                });
        try {
            // Not connected: on a connected UDP socket an ICMP "too big" fails the next send, whatever its size.
            InetSocketAddress bindTo = local != null ? local : new InetSocketAddress(v6 ? "::" : "0.0.0.0", 0);
            Channel ch = b.bind(bindTo).sync().channel();
            ch.config().setOption(SocketOptions.mtuDiscover(v6), SocketOptions.PMTUDISC_PROBE);
            SocketOptions.largeBuffers(ch, UdpResponder.BUFFER_BYTES);
            holder[0] = new UdpProber(ch, target, PacketOverhead.of(v6));
            return holder[0];
        } catch (Exception e) {
            throw ProbeException.environment("cannot open a UDP socket to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs the search: a ping to measure the round trip, then both directions at once, up to
     * {@code outboundMtu} (our interface) and {@code inboundMtu} (what we can receive).
     */
    public CompletableFuture<Result> run(int outboundMtu, int inboundMtu, int parallel, ProbeTimeouts timeouts) {
        return search.run(outboundMtu, inboundMtu, parallel, timeouts);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
