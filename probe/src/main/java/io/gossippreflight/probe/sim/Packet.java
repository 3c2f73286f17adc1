package io.gossippreflight.probe.sim;

import io.gossippreflight.probe.udp.UdpProbeFormat;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.NavigableMap;

/** What crosses the simulated wire: a TCP segment or a UDP datagram, with the IP size a path MTU limits. */
sealed interface Packet permits Packet.Segment, Packet.Datagram {
    InetSocketAddress src();

    InetSocketAddress dst();

    int ipSize();

    /**
     * A TCP segment. Its payload is not bytes but the application items ({@link #items}) whose last
     * byte it carries, keyed by their end offset in the stream: what the receiver needs to hand
     * whole messages on once every byte before them arrived.
     *
     * @param flags SYN, ACK, FIN, RST bits ({@link #SYN}...)
     * @param seq stream offset of the first payload byte (for a SYN: none)
     * @param len payload bytes
     * @param ack next stream offset the sender expects from the peer
     * @param window bytes the sender can still receive
     * @param mss the MSS option (SYN and SYN-ACK), else 0
     * @param sacks byte ranges {start, end} received beyond {@code ack}
     * @param dsack the segment reports a duplicate the peer sent (D-SACK)
     * @param tsVal the sender's clock when sent (the timestamp option)
     * @param tsEcr the peer's tsVal this segment echoes
     * @param headers IP and TCP header bytes (with options)
     */
    record Segment(InetSocketAddress src, InetSocketAddress dst, int flags, long seq, int len, long ack, long window,
                   int mss, List<long[]> sacks, boolean dsack, long tsVal, long tsEcr, int headers,
                   NavigableMap<Long, Object> items) implements Packet {
        static final int SYN = 1;
        static final int ACK = 2;
        static final int FIN = 4;
        static final int RST = 8;

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        Segment withMss(int m) {
            return new Segment(src, dst, flags, seq, len, ack, window, m, sacks, dsack, tsVal, tsEcr, headers, items);
        }

        @Override
        public int ipSize() {
            return headers + len;
        }
    }

    /**
     * A datagram of the DF UDP probe; a null header is the ICMP "port unreachable" a host without a
     * socket on {@code src}'s port sends back about one ({@code dst}: the port it was sent from).
     */
    record Datagram(InetSocketAddress src, InetSocketAddress dst, int ipSize, UdpProbeFormat.Header header)
            implements Packet {
    }
}
