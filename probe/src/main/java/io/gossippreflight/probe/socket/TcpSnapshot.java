package io.gossippreflight.probe.socket;

import io.netty.channel.Channel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the kernel knows about one TCP connection at one moment (struct tcp_info, read raw so that
 * the fields newer than Netty's EpollTcpInfo are there too; offsets of linux/tcp.h — a kernel that
 * fills fewer bytes leaves the newer fields 0, "nothing seen"). Times in microseconds, sizes in
 * bytes, counts of segments.
 *
 * @param state TCP state (1 = ESTABLISHED)
 * @param rtt smoothed round-trip time
 * @param rttvar its variation
 * @param rto current retransmission timeout
 * @param pmtu the path MTU the socket uses (lower than the route's when ICMP taught it)
 * @param sndMss payload of a full segment we send (options subtracted)
 * @param rcvMss largest segment payload seen from the peer, estimated by the kernel
 * @param advmss the MSS we advertised (options subtracted once timestamps are agreed)
 * @param unacked segments sent and not yet acknowledged
 * @param retransmits consecutive timer retransmissions of the oldest unacknowledged data (resets
 *                    when it is acknowledged)
 * @param totalRetrans retransmissions over the connection's life (timer, tail-loss probe, fast)
 * @param lost segments the kernel thinks are lost
 * @param timestamps whether TCP timestamps were negotiated (12 option bytes per segment)
 * @param probes zero-window probes sent without answer: the peer's window is closed (a peer that
 *               does not read — paused — not a lossy path)
 * @param bytesAcked bytes of ours the peer acknowledged
 * @param bytesReceived bytes the peer sent us that arrived in order
 * @param dsackDups retransmissions the peer reported as duplicates (they were not needed)
 * @param rcvOooPack segments that reached us out of order: data beyond a hole, so a segment before
 *                   them was lost (or reordered) on the way
 */
public record TcpSnapshot(int state, long rtt, long rttvar, long rto, int pmtu, int sndMss, int rcvMss, int advmss,
                          int unacked, int retransmits, int totalRetrans, int lost, boolean timestamps, int probes,
                          long bytesAcked, long bytesReceived, long dsackDups, long rcvOooPack) {
    /** tcpi_options bit for timestamps (linux/tcp.h TCPI_OPT_TIMESTAMPS). */
    private static final int TCPI_OPT_TIMESTAMPS = 1;
    private static final int SOL_TCP = 6;
    private static final int TCP_INFO = 11;
    /** Up to tcpi_snd_wnd (Linux 5.4+). */
    private static final int LENGTH = 232;
    private static final RawUnixChannelOption OPTION = new RawUnixChannelOption("TCP_INFO", SOL_TCP, TCP_INFO, LENGTH);

    /** Reads TCP_INFO of an epoll socket; null when it is closed or the kernel refuses. */
    public static TcpSnapshot of(Channel ch) {
        if (!ch.isOpen()) {
            return null;
        }
        try {
            ByteBuffer b = ch.config().getOption(OPTION);
            return b == null ? null : parse(b);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The fields of a raw struct tcp_info in host byte order (x86_64, aarch64: little-endian). */
    static TcpSnapshot parse(ByteBuffer raw) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.nativeOrder());
        int base = b.position();
        int n = b.limit() - base;
        if (n < 104) {
            return null; // older than any kernel this runs on (tcpi_total_retrans is Linux 2.6)
        }
        return new TcpSnapshot(u8(b, base), u32(b, base + 68), u32(b, base + 72), u32(b, base + 8),
                (int) u32(b, base + 60), (int) u32(b, base + 16), (int) u32(b, base + 20), (int) u32(b, base + 84),
                (int) u32(b, base + 24), u8(b, base + 2), (int) u32(b, base + 100), (int) u32(b, base + 32),
                (u8(b, base + 5) & TCPI_OPT_TIMESTAMPS) != 0, u8(b, base + 3),
                n >= 128 ? b.getLong(base + 120) : 0, n >= 136 ? b.getLong(base + 128) : 0,
                n >= 220 ? u32(b, base + 216) : 0, n >= 228 ? u32(b, base + 224) : 0);
    }

    private static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    private static long u32(ByteBuffer b, int at) {
        return Integer.toUnsignedLong(b.getInt(at));
    }

    /** Every byte written so far has been acknowledged by the peer's kernel. */
    public boolean allAcknowledged() {
        return unacked == 0;
    }

    /**
     * The MSS option we put in our SYN or SYN-ACK: Linux lowers advmss by the timestamp option
     * once timestamps are agreed, so it is added back.
     */
    public int advertisedMssOption() {
        return advmss + (timestamps ? 12 : 0);
    }

    /** The MSS option value that produced our {@link #sndMss} (options added back). */
    public int peerMssOption() {
        return sndMss + (timestamps ? 12 : 0);
    }
}
