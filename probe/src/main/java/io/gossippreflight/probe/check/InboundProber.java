package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * Probes target → us: each probe gets its own listening port (a "lane"), whose SYN-ACKs
 * advertise the MSS under test (TCP_MAXSEG on the listener; 0 = the interface's own). A SYN of
 * documentation digests, sent on a connection with the smallest safe segments so that it always
 * arrives, advertises the lane; the target's ACK (a real node requests each digest back, so the
 * ACK is as large as the SYN) comes over its own connection to the lane in segments of that MSS.
 * The clock starts when the target's connection to the lane completes its handshake.
 */
final class InboundProber {
    private final SessionContext s;
    private final Consumer<ResponderReport> reports;

    InboundProber(SessionContext s, Consumer<ResponderReport> reports) {
        this.s = s;
        this.reports = reports;
    }

    Ticket probe(ProbeKind kind, int messageBytes, int laneMaxSeg, int requestedIpSize) {
        Ticket t = new Ticket(Direction.INBOUND, kind, "ACK", messageBytes, requestedIpSize);
        long framed = SizeLadder.framedBytes(messageBytes, CrcFrameFormat.INSTANCE.overhead());
        t.ipSize = laneMaxSeg > 0 ? s.overhead.ipSizeForMss(laneMaxSeg)
                : (int) Math.min(framed + s.overhead.tcpHeaders(true), s.localMtu);
        Lane lane = new Lane(t);
        InboundListener.open(s.group, new InetSocketAddress(s.local, 0), laneMaxSeg, s.options.minVersion(),
                s.options.maxVersion(), lane).whenCompleteAsync((listener, e) -> {
                    if (e != null) {
                        t.notSent("cannot open a lane port: " + e.getMessage());
                        return;
                    }
                    t.result.whenComplete((r, x) -> listener.close());
                    feed(t, lane, listener, messageBytes);
                }, s.loop);
        return t;
    }

    private void feed(Ticket t, Lane lane, InboundListener listener, int messageBytes) {
        long id = s.nextId();
        Message m = Message.gossip(id, System.currentTimeMillis(), ProbeMessages.synOfSize(s.options.clusterName(),
                s.options.partitioner(), messageBytes, id, s.version));
        SafetyPolicy.check(m, s.kind);
        OutboundLink.Spec spec = new OutboundLink.Spec(s.target, s.local, Endpoints.of(listener.localAddress()),
                ConnectionTypes.forGossip(m.serializedSize(s.version)), s.safeMss(), s.options.timeouts().connect(),
                s.options.minVersion(), s.options.maxVersion());
        OutboundLink.open(s.group, spec).whenCompleteAsync((feeder, e) -> {
            if (e != null) {
                t.notSent(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                return;
            }
            t.result.whenComplete((r, x) -> feeder.close());
            feeder.send(m);
            s.schedule(() -> {
                if (lane.handshakeNanos == 0 && !t.done()) {
                    t.notSent("the target never connected back to lane port " + listener.localAddress().getPort());
                }
            }, s.reply());
        }, s.loop);
    }

    /** One lane's events, moved onto the session loop. */
    private final class Lane implements InboundListener.Handler {
        final Ticket t;
        InboundListener listener;
        long handshakeNanos;

        Lane(Ticket t) {
            this.t = t;
        }

        @Override
        public void onHandshake(InboundConnection c) {
            long now = c.handshakeNanos();
            s.loop.execute(() -> {
                if (handshakeNanos != 0 || t.done()) {
                    return;
                }
                handshakeNanos = now;
                t.startNanos = now;
                s.schedule(() -> {
                    if (!t.done()) {
                        t.notYet();
                    }
                }, s.quick());
                s.schedule(() -> {
                    if (!t.done()) {
                        t.lost(System.nanoTime());
                    }
                }, s.confirm(0));
            });
        }

        @Override
        public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
            if (m.verb() != Verb.GOSSIP_DIGEST_ACK) {
                return;
            }
            TcpSnapshot tcp = c.tcp();
            ResponderReport.from(m).ifPresent(reports);
            s.loop.execute(() -> {
                if (t.done()) {
                    return;
                }
                if (tcp != null && tcp.rcvMss() > 0) {
                    t.ipSize = Math.min(t.ipSize, s.overhead.ipSizeForSegment(tcp.rcvMss(), tcp.timestamps()));
                }
                long start = handshakeNanos != 0 ? handshakeNanos : arrivedNanos;
                // late: only a retransmission after the sender's RTO (at least 200 ms on Linux) takes this long
                t.crossed(arrivedNanos, arrivedNanos - start >= ProbeTimeouts.LINUX_RTO_MIN.toNanos());
            });
        }
    }
}
