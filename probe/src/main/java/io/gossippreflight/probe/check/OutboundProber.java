package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.message.Message;
import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * Probes us → target, each probe on its own connection from the {@link LinkPool} (a lost one
 * leaves its connection stuck), advertising the sink so the target's answer always arrives. A
 * bisection probe is a SYN of exactly the size whose single segment is the IP size under test.
 * A probe crossed when the target's kernel acknowledged every byte (TCP_INFO unacked = 0): the
 * answer does not matter, so this direction is judged alone.
 */
final class OutboundProber {
    private static final Duration FIRST_POLL = Duration.ofMillis(1);
    private static final Duration LATER_POLL = Duration.ofMillis(5);
    private static final int FAST_POLLS = 30;
    private static final int FRAME_OVERHEAD = CrcFrameFormat.INSTANCE.overhead();

    private final SessionContext s;
    private final LinkPool pool;
    private final LadderPayloads payloads;
    private final IntConsumer kernelPmtu;

    /** @param kernelPmtu told every path MTU a probe socket reports */
    OutboundProber(SessionContext s, LinkPool pool, LadderPayloads payloads, IntConsumer kernelPmtu) {
        this.s = s;
        this.pool = pool;
        this.payloads = payloads;
        this.kernelPmtu = kernelPmtu;
    }

    /** A ladder probe: a message of about {@code messageBytes}, "SYN" or (our responder only) "ACK2". */
    Ticket ladder(String verb, int messageBytes) {
        Ticket t = new Ticket(Direction.OUTBOUND, ProbeKind.LADDER, verb, messageBytes, 0);
        Payload payload = payloads.get(s, verb, messageBytes);
        send(t, Message.gossip(s.nextId(), System.currentTimeMillis(), payload));
        return t;
    }

    /** A bisection probe: one segment of exactly {@code ipSize} bytes, if the connection's MSS allows it. */
    Ticket segment(int ipSize) {
        Ticket t = new Ticket(Direction.OUTBOUND, ProbeKind.BISECT, "SYN", 0, ipSize);
        pool.take(io.gossippreflight.wire.handshake.ConnectionType.URGENT_MESSAGES).whenCompleteAsync((link, e) -> {
            if (e != null) {
                t.notSent(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                return;
            }
            TcpSnapshot tcp = link.tcp();
            int bytes = ipSize - s.overhead.tcpHeaders(tcp == null || tcp.timestamps()) - FRAME_OVERHEAD;
            Message m = ProbeMessages.synMessageOfExactSize(s.options.clusterName(), s.options.partitioner(), bytes,
                    s.nextId(), (int) System.currentTimeMillis(), s.version);
            t.messageBytes = Math.max(bytes, 0);
            if (m == null) {
                t.notSent(ipSize + " bytes is below the smallest SYN");
                link.close();
                return;
            }
            go(t, link, m, bytes);
        }, s.loop);
        return t;
    }

    private void send(Ticket t, Message m) {
        int size = m.serializedSize(s.version);
        pool.take(ConnectionTypes.forGossip(size)).whenCompleteAsync((link, e) -> {
            if (e != null) {
                t.notSent(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                return;
            }
            go(t, link, m, size);
        }, s.loop);
    }

    private void go(Ticket t, OutboundLink link, Message m, int size) {
        SafetyPolicy.check(m, s.kind);
        TcpSnapshot before = link.tcp();
        if (before == null) {
            t.notSent("connection closed before sending");
            return;
        }
        kernelPmtu.accept(before.pmtu());
        long framed = SizeLadder.framedBytes(size, FRAME_OVERHEAD);
        t.ipSize = SizeLadder.largestSegmentIpSize(framed, before.sndMss(), s.overhead, before.timestamps());
        t.onePacket = framed <= before.sndMss();
        link.send(m).whenCompleteAsync((sentAt, err) -> {
            if (err != null) {
                t.notSent("send failed: " + err.getMessage());
                link.close();
                return;
            }
            t.startNanos = sentAt;
            poll(t, link, 0, t.startNanos + s.quick().toNanos(), t.startNanos + ProbeTimeouts.LATE.toNanos(),
                    t.startNanos + s.confirm(before.rto()).toNanos());
        }, s.loop);
    }

    /**
     * Reads TCP_INFO until every byte is acknowledged or {@code confirmAt}. The probe is late when
     * it was still unacknowledged at {@code lateAt} and the kernel retransmitted: only a
     * retransmission on a timer got it through. (Quicker retransmissions also happen when an
     * acknowledgement is merely slow, so they prove nothing.)
     */
    private void poll(Ticket t, OutboundLink link, int polls, long quickAt, long lateAt, long confirmAt) {
        long now = System.nanoTime();
        TcpSnapshot tcp = link.tcp();
        if (tcp == null) {
            t.lost(now); // reset by the peer or closed under us: it did not arrive intact
            return;
        }
        kernelPmtu.accept(tcp.pmtu());
        t.retransmits = tcp.totalRetrans();
        if (tcp.allAcknowledged()) {
            t.crossed(now, t.unackedAfterRto && tcp.totalRetrans() > 0);
            link.close();
            return;
        }
        if (now >= confirmAt) {
            t.lost(now);
            link.close();
            return;
        }
        if (now >= quickAt) {
            t.notYet();
        }
        if (now >= lateAt) {
            t.unackedAfterRto = true;
        }
        Duration next = polls < FAST_POLLS ? FIRST_POLL : LATER_POLL;
        s.schedule(() -> poll(t, link, polls + 1, quickAt, lateAt, confirmAt), next);
    }
}
