package io.gossippreflight.probe.socket;

import io.netty.channel.ChannelOption;
import io.netty.channel.unix.IntegerUnixChannelOption;

/**
 * Linux socket options the probe reads and sets through Netty's epoll transport (no JNA):
 * level/optname numbers from linux/in.h, linux/in6.h and linux/tcp.h.
 */
public final class SocketOptions {
    private static final int SOL_IP = 0;
    private static final int SOL_TCP = 6;
    private static final int SOL_IPV6 = 41;

    /** Path-MTU discovery mode of an IPv4 socket. */
    public static final ChannelOption<Integer> IP_MTU_DISCOVER = new IntegerUnixChannelOption("IP_MTU_DISCOVER", SOL_IP, 10);
    /** The path MTU the kernel currently holds for a connected IPv4 socket (read-only). */
    public static final ChannelOption<Integer> IP_MTU = new IntegerUnixChannelOption("IP_MTU", SOL_IP, 14);
    public static final ChannelOption<Integer> IPV6_MTU_DISCOVER = new IntegerUnixChannelOption("IPV6_MTU_DISCOVER", SOL_IPV6, 23);
    public static final ChannelOption<Integer> IPV6_MTU = new IntegerUnixChannelOption("IPV6_MTU", SOL_IPV6, 24);
    /** Largest segment payload TCP may use; on a listening socket also the MSS its SYN-ACKs advertise. */
    public static final ChannelOption<Integer> TCP_MAXSEG = new IntegerUnixChannelOption("TCP_MAXSEG", SOL_TCP, 2);

    /** Receive buffer size beyond net.core.rmem_max (needs CAP_NET_ADMIN), for bursts of probes. */
    public static final ChannelOption<Integer> SO_RCVBUFFORCE = new IntegerUnixChannelOption("SO_RCVBUFFORCE", 1, 33);
    public static final ChannelOption<Integer> SO_SNDBUFFORCE = new IntegerUnixChannelOption("SO_SNDBUFFORCE", 1, 32);

    /** Never set DF. */
    public static final int PMTUDISC_DONT = 0;
    /** Set DF and honour the learned path MTU (TCP's default). */
    public static final int PMTUDISC_DO = 2;
    /** Set DF and ignore the learned path MTU: probe it. */
    public static final int PMTUDISC_PROBE = 3;

    /** Smallest value Linux accepts for TCP_MAXSEG (TCP_MIN_MSS). */
    public static final int MIN_MAXSEG = 88;
    /**
     * Largest value Linux accepts for TCP_MAXSEG (MAX_TCP_WINDOW, net/ipv4/tcp.c do_tcp_setsockopt):
     * a larger one fails with EINVAL. It is also about where Linux bounds any segment (half the
     * peer's largest window, 64 KiB before window scaling), so TCP cannot test packets above it.
     */
    public static final int MAX_MAXSEG = 32_767;

    private SocketOptions() {
    }

    /**
     * Gives a socket room for a burst of probes: forced sizes when allowed (root), else as much as
     * net.core.rmem_max / wmem_max permit.
     */
    public static void largeBuffers(io.netty.channel.Channel ch, int bytes) {
        io.netty.channel.ChannelConfig c = ch.config();
        try {
            c.setOption(SO_RCVBUFFORCE, bytes);
            c.setOption(SO_SNDBUFFORCE, bytes);
        } catch (io.netty.channel.ChannelException notPermitted) {
            c.setOption(io.netty.channel.ChannelOption.SO_RCVBUF, bytes);
            c.setOption(io.netty.channel.ChannelOption.SO_SNDBUF, bytes);
        }
    }

    /** {@code mss} within what Linux accepts for TCP_MAXSEG; 0 stays 0 (not set). */
    public static int clampMaxSeg(int mss) {
        return mss <= 0 ? 0 : Math.max(MIN_MAXSEG, Math.min(MAX_MAXSEG, mss));
    }

    /**
     * Lets the gateways fragment what this IPv4 socket sends (DF clear) and returns the mode it had,
     * for {@link #restoreMtuDiscover}; null when it cannot be set. For a TLS handshake's flights,
     * which must cross whatever the path's MTU: a black hole would otherwise swallow them before the
     * check has sent a single probe. IPv6 routers never fragment, so IPv6 sockets are left alone.
     */
    public static Integer allowFragments(io.netty.channel.Channel ch, java.net.InetAddress peer) {
        if (!(peer instanceof java.net.Inet4Address)) {
            return null;
        }
        try {
            Integer before = ch.config().getOption(IP_MTU_DISCOVER);
            return ch.config().setOption(IP_MTU_DISCOVER, PMTUDISC_DONT) ? before : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Puts back the mode {@link #allowFragments} returned (nothing when it returned null). */
    public static void restoreMtuDiscover(io.netty.channel.Channel ch, Integer before) {
        if (before == null || !ch.isOpen()) {
            return;
        }
        try {
            ch.config().setOption(IP_MTU_DISCOVER, before);
        } catch (RuntimeException e) {
            // closing: nothing more is sent on it
        }
    }

    public static ChannelOption<Integer> mtuDiscover(boolean ipv6) {
        return ipv6 ? IPV6_MTU_DISCOVER : IP_MTU_DISCOVER;
    }

    public static ChannelOption<Integer> mtu(boolean ipv6) {
        return ipv6 ? IPV6_MTU : IP_MTU;
    }
}
