package io.gossippreflight.probe.udp;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.plan.Bisection;
import io.gossippreflight.probe.plan.PacketOverhead;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.plan.RoundSearch;
import io.gossippreflight.probe.socket.SocketOptions;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The checker's side of the DF UDP probe: finds the exact path MTU in each direction against our
 * responder. Datagrams leave with DF set and the learned PMTU ignored (IP_PMTUDISC_PROBE), so a
 * size either arrives whole or not at all; k sizes per round, both directions at once. All
 * state lives on the channel's event loop.
 */
public final class UdpProber implements AutoCloseable {
    private static final int PING_ATTEMPTS = 3;
    private static final Duration PING_WAIT = Duration.ofMillis(300);
    private static final Duration RETRY_WAIT = Duration.ofMillis(250);

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
    private final InetSocketAddress target;
    private final PacketOverhead overhead;
    private final Map<Integer, Pending> pending = new HashMap<>();
    private int nextSequence = 1;
    private int responderMtu;

    private record Pending(int type, int ipSize, long sentNanos, Consumer<UdpProbeFormat.Header> onAnswer,
                           ScheduledFuture<?> timer) {
    }

    private UdpProber(Channel channel, InetSocketAddress target, PacketOverhead overhead) {
        this.channel = channel;
        this.target = target;
        this.overhead = overhead;
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
                            holder[0].answer(h);
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
        CompletableFuture<Result> out = new CompletableFuture<>();
        channel.eventLoop().execute(() -> ping(PING_ATTEMPTS).thenCompose(first -> first < 0
                ? CompletableFuture.completedFuture(first)
                : ping(1).thenCompose(second -> ping(1).thenApply(third -> minAnswered(first, second, third))))
                .whenComplete((rtt, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else if (rtt < 0) {
                out.complete(new Result(false, -1, 0, List.of(), List.of()));
            } else {
                search(rtt, outboundMtu, inboundMtu, parallel, timeouts, out);
            }
        }));
        return out;
    }

    private static long minAnswered(long... rtts) {
        long min = Long.MAX_VALUE;
        for (long r : rtts) {
            if (r >= 0) {
                min = Math.min(min, r);
            }
        }
        return min;
    }

    private CompletableFuture<Long> ping(int attempts) {
        CompletableFuture<Long> rtt = new CompletableFuture<>();
        int size = overhead.ipSizeForDatagram(UdpProbeFormat.HEADER);
        send(UdpProbeFormat.PROBE, size, PING_WAIT, (h, nanos) -> rtt.complete(nanos / 1_000), () -> {
            if (attempts > 1) {
                ping(attempts - 1).whenComplete((r, e) -> rtt.complete(r == null ? -1 : r));
            } else {
                rtt.complete(-1L);
            }
        });
        return rtt;
    }

    private void search(long rttMicros, int outboundMtu, int inboundMtu, int parallel, ProbeTimeouts timeouts,
            CompletableFuture<Result> out) {
        Duration wait = timeouts.quick(rttMicros, rttMicros / 2);
        int smallest = overhead.ipSizeForDatagram(UdpProbeFormat.HEADER);
        List<ProbeRecord> outRecords = new ArrayList<>();
        List<ProbeRecord> inRecords = new ArrayList<>();
        CompletableFuture<Bisection> o = RoundSearch.run(new Bisection(smallest, outboundMtu), parallel, 2,
                size -> probe(Direction.OUTBOUND, UdpProbeFormat.PROBE, size, wait, outRecords));
        CompletableFuture<Bisection> i = RoundSearch.run(new Bisection(smallest, inboundMtu), parallel, 2,
                size -> probe(Direction.INBOUND, UdpProbeFormat.SEND_REQUEST, size, wait, inRecords));
        CompletableFuture.allOf(o, i).whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(e);
            } else {
                channel.eventLoop().execute(() -> out.complete(new Result(true, rttMicros, responderMtu,
                        List.copyOf(outRecords), List.copyOf(inRecords))));
            }
        });
    }

    /**
     * One size, sent again once when unanswered: a datagram has no retransmission of its own, and
     * one dropped by a busy host must not fake a limit. Only the final outcome is recorded.
     */
    private CompletableFuture<Boolean> probe(Direction d, int type, int ipSize, Duration wait, List<ProbeRecord> records) {
        // the second try waits longer: a responder busy with a burst of large datagrams answers late
        Duration second = wait.compareTo(RETRY_WAIT) < 0 ? RETRY_WAIT : wait.multipliedBy(2);
        return once(d, type, ipSize, wait, records, false).thenCompose(crossed -> crossed
                ? CompletableFuture.completedFuture(true) : once(d, type, ipSize, second, records, true));
    }

    private CompletableFuture<Boolean> once(Direction d, int type, int ipSize, Duration wait, List<ProbeRecord> records,
            boolean last) {
        CompletableFuture<Boolean> f = new CompletableFuture<>();
        long start = System.nanoTime();
        channel.eventLoop().execute(() -> send(type, ipSize, wait, (h, nanos) -> {
            if (h.type() == UdpProbeFormat.SEND_ERROR) {
                // the responder cannot send this much: not a path property
                records.add(record(d, ipSize, ProbeOutcome.NOT_SENT, nanos));
                f.complete(false);
            } else {
                records.add(record(d, ipSize, ProbeOutcome.CROSSED, nanos));
                f.complete(true);
            }
        }, () -> {
            if (last) {
                records.add(record(d, ipSize, ProbeOutcome.LOST, System.nanoTime() - start));
            }
            f.complete(false);
        }));
        return f;
    }

    private static ProbeRecord record(Direction d, int ipSize, ProbeOutcome o, long nanos) {
        return new ProbeRecord(d, ProbeKind.UDP, "UDP", ipSize, ipSize, o, Duration.ofNanos(nanos), -1, true);
    }

    /** Sends one datagram; exactly one of the callbacks runs, on the event loop. */
    private void send(int type, int ipSize, Duration wait, java.util.function.BiConsumer<UdpProbeFormat.Header, Long> onAnswer,
            Runnable onTimeout) {
        int seq = nextSequence++;
        int payload = type == UdpProbeFormat.PROBE ? overhead.datagramPayloadFor(ipSize) : UdpProbeFormat.HEADER;
        long sent = System.nanoTime();
        ScheduledFuture<?> timer = channel.eventLoop().schedule(() -> {
            if (pending.remove(seq) != null) {
                onTimeout.run();
            }
        }, wait.toNanos(), TimeUnit.NANOSECONDS);
        pending.put(seq, new Pending(type, ipSize, sent, h -> onAnswer.accept(h, System.nanoTime() - sent), timer));
        channel.writeAndFlush(new io.netty.channel.socket.DatagramPacket(
                UdpProbeFormat.encode(channel.alloc(), type, seq, ipSize, 0, payload), target));
    }

    private void answer(UdpProbeFormat.Header h) {
        if (h.mtu() > 0) {
            responderMtu = h.mtu();
        }
        Pending p = pending.get(h.sequence());
        if (p == null) {
            return;
        }
        boolean matches = (p.type == UdpProbeFormat.PROBE && h.type() == UdpProbeFormat.PROBE_ACK)
                || (p.type == UdpProbeFormat.SEND_REQUEST
                        && (h.type() == UdpProbeFormat.PROBE_BACK || h.type() == UdpProbeFormat.SEND_ERROR));
        if (!matches) {
            return;
        }
        pending.remove(h.sequence());
        p.timer.cancel(false);
        p.onAnswer.accept(h);
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
