package io.gossippreflight.probe.socket;

import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.epoll.EpollTcpInfo;

/**
 * What the kernel knows about one TCP connection at one moment (TCP_INFO). Times in microseconds,
 * sizes in bytes, counts of segments.
 *
 * @param state TCP state (1 = ESTABLISHED)
 * @param rtt smoothed round-trip time
 * @param rttvar its variation
 * @param rto current retransmission timeout
 * @param pmtu the path MTU the socket uses (lower than the route's when ICMP taught it)
 * @param sndMss payload of a full segment we send (options subtracted)
 * @param rcvMss largest segment payload seen from the peer, estimated by the kernel
 * @param advmss the MSS we advertised
 * @param unacked segments sent and not yet acknowledged
 * @param retransmits retransmissions of the current unacknowledged data
 * @param totalRetrans retransmissions over the connection's life
 * @param lost segments the kernel thinks are lost
 * @param timestamps whether TCP timestamps were negotiated (12 option bytes per segment)
 */
public record TcpSnapshot(int state, long rtt, long rttvar, long rto, int pmtu, int sndMss, int rcvMss, int advmss,
                          int unacked, int retransmits, int totalRetrans, int lost, boolean timestamps) {
    /** tcpi_options bit for timestamps (linux/tcp.h TCPI_OPT_TIMESTAMPS). */
    private static final int TCPI_OPT_TIMESTAMPS = 1;

    public static TcpSnapshot of(EpollTcpInfo i) {
        return new TcpSnapshot(i.state(), i.rtt(), i.rttvar(), i.rto(), (int) i.pmtu(), (int) i.sndMss(), (int) i.rcvMss(),
                (int) i.advmss(), (int) i.unacked(), i.retransmits(), (int) i.totalRetrans(), (int) i.lost(),
                (i.options() & TCPI_OPT_TIMESTAMPS) != 0);
    }

    /** Reads TCP_INFO; call on the channel's event loop or accept a benign race. */
    public static TcpSnapshot of(EpollSocketChannel ch) {
        return of(ch.tcpInfo());
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
