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
 * Probes us → target: each probe on its own connection (a lost one leaves its connection stuck),
 * optionally with the segment size set through TCP_MAXSEG, advertising the sink listener so the
 * target's answer always arrives. A probe crossed when the target's kernel acknowledged every
 * byte (TCP_INFO unacked = 0): the answer does not matter, so this direction is judged alone.
 */
final class OutboundProber {
    private static final Duration FIRST_POLL = Duration.ofMillis(1);
    private static final Duration LATER_POLL = Duration.ofMillis(5);
    private static final int FAST_POLLS = 30;

    private final SessionContext s;
    private final IntConsumer kernelPmtu;

    /** @param kernelPmtu told every path MTU a probe socket reports */
    OutboundProber(SessionContext s, IntConsumer kernelPmtu) {
        this.s = s;
        this.kernelPmtu = kernelPmtu;
    }

    /**
     * @param verb "SYN", or "ACK2" (our responder only)
     * @param messageBytes size of the message to send
     * @param maxSeg TCP_MAXSEG for the connection, 0 for the interface's own
     * @param requestedIpSize the IP size a bisection asked for, 0 for a ladder probe
     */
    Ticket probe(ProbeKind kind, String verb, int messageBytes, int maxSeg, int requestedIpSize) {
        Ticket t = new Ticket(Direction.OUTBOUND, kind, verb, messageBytes, requestedIpSize);
        long id = s.nextId();
        Payload payload = verb.equals("ACK2") ? ProbeMessages.ack2OfSize(messageBytes, id, s.version)
                : ProbeMessages.synOfSize(s.options.clusterName(), s.options.partitioner(), messageBytes, id, s.version);
        Message m = Message.gossip(id, System.currentTimeMillis(), payload);
        SafetyPolicy.check(m, s.kind);
        int size = m.serializedSize(s.version);
        OutboundLink.Spec spec = new OutboundLink.Spec(s.target, s.local, s.sink, ConnectionTypes.forGossip(size), maxSeg,
                s.options.timeouts().connect(), s.options.minVersion(), s.options.maxVersion());
        OutboundLink.open(s.group, spec).whenCompleteAsync((link, e) -> {
            if (e != null) {
                t.notSent(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                return;
            }
            TcpSnapshot before = link.tcp();
            if (before == null) {
                t.notSent("connection closed before sending");
                return;
            }
            kernelPmtu.accept(before.pmtu());
            long framed = SizeLadder.framedBytes(size, CrcFrameFormat.INSTANCE.overhead());
            t.ipSize = SizeLadder.largestSegmentIpSize(framed, before.sndMss(), s.overhead, before.timestamps());
            t.startNanos = System.nanoTime();
            link.send(m).whenCompleteAsync((v, err) -> {
                if (err != null) {
                    t.notSent("send failed: " + err.getMessage());
                    link.close();
                    return;
                }
                long rto = Math.max(before.rto() * 1_000, ProbeTimeouts.LINUX_RTO_MIN.toNanos());
                poll(t, link, 0, t.startNanos + s.quick().toNanos(), t.startNanos + rto,
                        t.startNanos + s.confirm(before.rto()).toNanos());
            }, s.loop);
        }, s.loop);
        return t;
    }

    /**
     * Reads TCP_INFO until every byte is acknowledged or {@code confirmAt}. The probe is late when
     * it was still unacknowledged after the RTO ({@code rtoAt}): only a retransmission on the
     * retransmission timer got it through. (Faster retransmissions, like tail-loss probes, also
     * happen when an acknowledgement is merely slow, so they prove nothing.)
     */
    private void poll(Ticket t, OutboundLink link, int polls, long quickAt, long rtoAt, long confirmAt) {
        long now = System.nanoTime();
        TcpSnapshot tcp = link.tcp();
        if (tcp == null) {
            t.lost(now); // reset by the peer or closed under us: it did not arrive intact
            return;
        }
        kernelPmtu.accept(tcp.pmtu());
        t.retransmits = tcp.totalRetrans();
        if (tcp.allAcknowledged()) {
            t.crossed(now, t.unackedAfterRto);
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
        if (now >= rtoAt) {
            t.unackedAfterRto = true;
        }
        Duration next = polls < FAST_POLLS ? FIRST_POLL : LATER_POLL;
        s.schedule(() -> poll(t, link, polls + 1, quickAt, rtoAt, confirmAt), next);
    }
}
