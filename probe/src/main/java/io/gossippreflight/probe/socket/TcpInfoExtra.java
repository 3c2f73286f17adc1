package io.gossippreflight.probe.socket;

import io.netty.channel.Channel;
import io.netty.channel.unix.RawUnixChannelOption;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * TCP_INFO fields Netty's EpollTcpInfo does not carry, read raw from struct tcp_info (offsets of
 * linux/tcp.h; the fields exist since Linux 5.4 — an older kernel fills fewer bytes and these
 * read as 0, "nothing seen"):
 *
 * @param rcvOooPack segments received out of order: one before them was lost (or reordered) on
 *                   the way to us, however fast the sender repaired it
 * @param dsackDups duplicate segments the peer reported: retransmissions that were not needed
 */
public record TcpInfoExtra(long rcvOooPack, long dsackDups) {
    private static final int SOL_TCP = 6;
    private static final int TCP_INFO = 11;
    private static final int DSACK_DUPS_OFFSET = 216;
    private static final int RCV_OOOPACK_OFFSET = 224;
    private static final int LENGTH = 232;
    private static final RawUnixChannelOption OPTION = new RawUnixChannelOption("TCP_INFO", SOL_TCP, TCP_INFO, LENGTH);

    public static final TcpInfoExtra NONE = new TcpInfoExtra(0, 0);

    /** Reads the fields of an epoll socket; NONE when it is closed or the kernel refuses. */
    public static TcpInfoExtra of(Channel ch) {
        if (!ch.isOpen()) {
            return NONE;
        }
        try {
            ByteBuffer b = ch.config().getOption(OPTION);
            return b == null ? NONE : parse(b);
        } catch (RuntimeException e) {
            return NONE;
        }
    }

    /** The fields from a raw struct tcp_info in host byte order (x86_64, aarch64: little-endian). */
    static TcpInfoExtra parse(ByteBuffer raw) {
        ByteBuffer b = raw.duplicate().order(ByteOrder.nativeOrder());
        int base = b.position();
        if (b.limit() - base < LENGTH - 4) {
            return NONE;
        }
        return new TcpInfoExtra(Integer.toUnsignedLong(b.getInt(base + RCV_OOOPACK_OFFSET)),
                Integer.toUnsignedLong(b.getInt(base + DSACK_DUPS_OFFSET)));
    }
}
