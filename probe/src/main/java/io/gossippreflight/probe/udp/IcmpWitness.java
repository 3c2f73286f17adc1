package io.gossippreflight.probe.udp;

import io.gossippreflight.probe.socket.SocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.unix.Errors;
import io.netty.util.ReferenceCountUtil;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Whether ICMP "too big" reaches a sender now, when its kernel already holds a path MTU learned
 * before the check: its TCP then never sends above it, so no probe of ours can draw a new ICMP, and
 * the learned value says only that ICMP arrived once. A witness sends a few datagrams of a size above
 * that MTU, DF set and the learned MTU ignored (IP_PMTUDISC_PROBE), from a <em>connected</em> UDP
 * socket: Linux reports an ICMP "fragmentation needed" for it as EMSGSIZE on that socket
 * (net/ipv4/udp.c, __udp4_lib_err: a hard error for a connected socket), a datagram that reached the
 * destination draws an answer (our responder's) or "port unreachable" (ECONNREFUSED), and a datagram
 * a black hole swallowed draws nothing.
 */
public final class IcmpWitness {
    /** What came back for the witness's datagrams within its wait. */
    public enum Outcome {
        /** ICMP "too big" reached the sender. */
        TOO_BIG,
        /** A datagram reached the destination (an answer, or ICMP "port unreachable"). */
        REACHED,
        /** Nothing came back. */
        SILENT,
        /** Asked of our responder ({@link #ask}): no report came (an older responder, or UDP filtered). */
        NO_REPORT;

        /** The code our responder sends it as (ICMP_TEST_RESULT's mtu field). */
        public int code() {
            return ordinal() + 1;
        }

        /** The outcome of {@code code}, or SILENT for an unknown one. */
        public static Outcome ofCode(int code) {
            return code >= 1 && code <= SILENT.code() ? values()[code - 1] : NO_REPORT;
        }
    }

    /** Datagrams each witness sends, spread over the first half of its wait: one lost on the way is no verdict. */
    public static final int COUNT = 3;
    /** The longest wait a responder accepts in an ICMP test request. */
    public static final int MAX_WAIT_MILLIS = 10_000;

    private IcmpWitness() {
    }

    /** The wait an ICMP_TEST request asks for, in milliseconds, as a responder honours it (bounded both ways). */
    public static Duration requestedWait(int millis) {
        return Duration.ofMillis(Math.max(50, Math.min(millis, MAX_WAIT_MILLIS)));
    }

    /**
     * The wait of a witness on a path of round trip {@code rtt}: the ICMP of a hop or the answer of
     * the destination comes within one round trip; a busy destination answers later, and an answer
     * that comes late must not read as silence, so generously more.
     */
    public static Duration waitFor(Duration rtt) {
        long ms = Math.max(500, 8 * rtt.toMillis());
        return Duration.ofMillis(Math.min(ms, MAX_WAIT_MILLIS));
    }

    /**
     * Sends {@link #COUNT} datagrams of IP size {@code ipSize} (each a PROBE of our DF UDP format, so
     * our responder acknowledges one that arrives) from a socket connected to {@code target}, and
     * completes after {@code wait}, or as soon as ICMP "too big" or an answer came.
     */
    public static CompletableFuture<Outcome> run(EventLoopGroup group, InetSocketAddress target, InetSocketAddress local,
            int ipSize, Duration wait) {
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        boolean v6 = target.getAddress() instanceof Inet6Address;
        int payload = io.gossippreflight.probe.plan.PacketOverhead.of(v6).datagramPayloadFor(ipSize);
        if (payload < UdpProbeFormat.HEADER || payload > UdpProbeFormat.MAX_PAYLOAD) {
            out.completeExceptionally(new IllegalArgumentException("no witness datagram of IP size " + ipSize));
            return out;
        }
        Bootstrap b = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        ReferenceCountUtil.release(msg);
                        out.complete(Outcome.REACHED);
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        if (cause instanceof PortUnreachableException) {
                            out.complete(Outcome.REACHED);
                        } else if (cause instanceof Errors.NativeIoException n && n.expectedErr() == -90) {
                            out.complete(Outcome.TOO_BIG); // EMSGSIZE: an ICMP "too big" for one of ours
                        }
                    }
                });
        if (local != null) {
            b.localAddress(new InetSocketAddress(local.getAddress(), 0));
        }
        b.connect(target).addListener(cf -> {
            if (!cf.isSuccess()) {
                out.completeExceptionally(cf.cause());
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) cf).channel();
            out.whenComplete((r, e) -> ch.close());
            try {
                ch.config().setOption(SocketOptions.mtuDiscover(v6), SocketOptions.PMTUDISC_PROBE);
            } catch (RuntimeException e) {
                out.completeExceptionally(e);
                return;
            }
            long spacing = wait.toNanos() / 2 / COUNT;
            for (int i = 0; i < COUNT; i++) {
                int seq = i;
                ch.eventLoop().schedule(() -> {
                    if (!out.isDone()) {
                        ch.writeAndFlush(UdpProbeFormat.encode(ch.alloc(), UdpProbeFormat.PROBE, seq, ipSize, 0, payload))
                                .addListener(w -> {
                                    // the error an ICMP left may also surface on the next send instead of a read
                                    if (seq > 0 && w.cause() instanceof Errors.NativeIoException n && n.expectedErr() == -90) {
                                        out.complete(Outcome.TOO_BIG);
                                    }
                                });
                    }
                }, i * spacing, TimeUnit.NANOSECONDS);
            }
            ch.eventLoop().schedule(() -> out.complete(Outcome.SILENT), wait.toNanos(), TimeUnit.NANOSECONDS);
        });
        return out;
    }

    /**
     * The other way: asks our responder at {@code responder} (its UDP port) to run a witness of IP
     * size {@code ipSize} towards us, from a socket bound to {@code local} that is not connected (the
     * witness's datagrams come from another port of the responder's). Completes with what the two
     * ends saw together: REACHED when one of its datagrams reached us, else its report (TOO_BIG or
     * SILENT — the report itself shows small datagrams cross), else NO_REPORT.
     */
    public static CompletableFuture<Outcome> ask(EventLoopGroup group,
            InetSocketAddress responder, InetSocketAddress local, int ipSize, Duration wait) {
        CompletableFuture<Outcome> out = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(group).channel(EpollDatagramChannel.class)
                .handler(new io.netty.channel.SimpleChannelInboundHandler<io.netty.channel.socket.DatagramPacket>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, io.netty.channel.socket.DatagramPacket msg) {
                        if (msg.sender().getAddress().equals(responder.getAddress())) {
                            UdpProbeFormat.Header h = UdpProbeFormat.decode(msg.content());
                            Outcome o = h == null ? null : askAnswer(h, ipSize);
                            if (o != null) {
                                out.complete(o);
                            }
                        }
                    }

                    @Override
                    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                        // an ICMP error about our request (port unreachable: no responder there) ends in NO_REPORT
                    }
                });
        b.bind(local == null ? new InetSocketAddress(0) : new InetSocketAddress(local.getAddress(), 0)).addListener(bf -> {
            if (!bf.isSuccess()) {
                out.completeExceptionally(bf.cause());
                return;
            }
            Channel ch = ((io.netty.channel.ChannelFuture) bf).channel();
            out.whenComplete((r, e) -> ch.close());
            ch.writeAndFlush(new io.netty.channel.socket.DatagramPacket(UdpProbeFormat.encode(ch.alloc(),
                    UdpProbeFormat.ICMP_TEST, 0, ipSize, (int) wait.toMillis(), UdpProbeFormat.HEADER), responder));
            ch.eventLoop().schedule(() -> out.complete(Outcome.NO_REPORT), askTimeout(wait).toMillis(),
                    TimeUnit.MILLISECONDS);
        });
        return out;
    }

    /**
     * What a datagram from our responder means to an {@link #ask}: one of its witness's datagrams
     * (REACHED: the path carried it, whatever its report will say), its report, or nothing (null).
     */
    public static Outcome askAnswer(UdpProbeFormat.Header h, int ipSize) {
        if (h.type() == UdpProbeFormat.PROBE && h.size() == ipSize) {
            return Outcome.REACHED;
        }
        return h.type() == UdpProbeFormat.ICMP_TEST_RESULT ? Outcome.ofCode(h.mtu()) : null;
    }

    /** How long an {@link #ask} waits for the report: it comes a wait after our request arrived, later from a busy responder. */
    public static Duration askTimeout(Duration wait) {
        return wait.multipliedBy(2).plusSeconds(1);
    }
}
