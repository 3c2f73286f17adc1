package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.DocumentationAddresses;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.TcpInfoExtra;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Verb;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntConsumer;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.Consumer;

/**
 * Probes target → us: each probe gets its own listening port (a "lane") whose SYN-ACKs advertise
 * the MSS under test (TCP_MAXSEG on the listener; 0 = the interface's own). Over a connection
 * with the smallest safe segments, so they always arrive, we send two SYNs advertising the lane:
 * one naming a single documentation address, then one naming many. A real node requests each back,
 * so its ACKs are as large as the SYNs; both come over its own connection to the lane, in order.
 * The small ACK's arrival proves the target processed them and its connection flows: the wait for
 * the large one starts there, so a slow target is not mistaken for a lossy path.
 */
final class InboundProber {
    private static final int FRAME_OVERHEAD = CrcFrameFormat.INSTANCE.overhead();
    /** The report parameter our responder adds to every answer. */
    private static final int REPORT_BYTES = new ResponderReport(0, "eth0", 0, 0, 0, 0).toParam().length() + 3;

    private final SessionContext s;
    private final LadderPayloads payloads;
    private final Consumer<ResponderReport> reports;
    private final IntConsumer senderLimited;

    /**
     * @param senderLimited told the IP size of the segments a message arrived in, when they were
     *                      smaller than the message and our advertised MSS allowed: the sender
     *                      knows a smaller limit (ICMP, a clamp or its own MTU)
     */
    InboundProber(SessionContext s, LadderPayloads payloads, Consumer<ResponderReport> reports,
            IntConsumer senderLimited) {
        this.s = s;
        this.payloads = payloads;
        this.reports = reports;
        this.senderLimited = senderLimited;
    }

    Ticket probe(ProbeKind kind, int messageBytes, int laneMaxSeg, int requestedIpSize) {
        Ticket t = new Ticket(Direction.INBOUND, kind, "ACK", messageBytes, requestedIpSize);
        Lane lane = new Lane(t);
        InboundListener.open(s.group, new InetSocketAddress(s.local, 0), laneMaxSeg, s.options.minVersion(),
                s.options.maxVersion(), lane).whenCompleteAsync((listener, e) -> {
                    if (e != null) {
                        t.notSent("cannot open a lane port: " + e.getMessage());
                        return;
                    }
                    t.result.whenComplete((r, x) -> listener.close());
                    feed(t, lane, listener, messageBytes, laneMaxSeg);
                }, s.loop);
        return t;
    }

    private void feed(Ticket t, Lane lane, InboundListener listener, int messageBytes, int laneMaxSeg) {
        long id = s.nextId();
        GossipDigestSyn big = (GossipDigestSyn) payloads.get(s, "SYN", messageBytes);
        Message tiny = Message.gossip(s.nextId(), System.currentTimeMillis(), new GossipDigestSyn(
                s.options.clusterName(), s.options.partitioner(), DocumentationAddresses.digests(1)));
        Message m = Message.gossip(id, System.currentTimeMillis(), big);
        SafetyPolicy.check(tiny, s.kind);
        SafetyPolicy.check(m, s.kind);
        int ack = expectedAckBytes(big.digests().size());
        lane.bigDigests = big.digests().size();
        long framed = SizeLadder.framedBytes(ack, FRAME_OVERHEAD);
        t.ipSize = laneMaxSeg > 0 ? s.overhead.ipSizeForMss(laneMaxSeg)
                : (int) Math.min(framed + s.overhead.tcpHeaders(true), s.localMtu);
        ConnectionType type = ConnectionTypes.forGossip(m.serializedSize(s.version));
        OutboundLink.Spec spec = new OutboundLink.Spec(s.target, s.local, Endpoints.of(listener.localAddress()), type,
                s.safeMss(), s.options.timeouts().connect(), s.options.minVersion(), s.options.maxVersion());
        // A large SYN travels on a large-message connection, where a real node misreads small ones
        // (Cassandra never sends one there): the small SYN then takes its own connection.
        CompletableFuture<OutboundLink> small = type == ConnectionType.LARGE_MESSAGES
                ? OutboundLink.open(s.group, spec.withType(ConnectionType.URGENT_MESSAGES)) : null;
        OutboundLink.open(s.group, spec).whenCompleteAsync((feeder, e) -> {
            if (e != null) {
                t.notSent(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
                return;
            }
            t.result.whenComplete((r, x) -> feeder.close());
            lane.sendLarge = () -> feeder.send(m).whenCompleteAsync((sentAt, x) -> {
                if (x != null) {
                    t.notSent("the large SYN could not be sent: " + x.getMessage());
                } else {
                    lane.largeSent(sentAt);
                }
            }, s.loop);
            t.stage = "feeder connected";
            CompletableFuture<OutboundLink> forSmall = small == null ? CompletableFuture.completedFuture(feeder) : small;
            forSmall.whenCompleteAsync((l, x) -> {
                if (x != null) {
                    t.notSent(x.getMessage());
                    return;
                }
                if (l != feeder) {
                    t.result.whenComplete((r, y) -> l.close());
                }
                l.send(tiny).thenAccept(sentAt -> s.loop.execute(() -> lane.tinySentNanos = sentAt));
            }, s.loop);
            s.schedule(() -> {
                if (lane.tinyNanos == 0 && !t.done()) {
                    t.notSent("no answer on lane port " + listener.localAddress().getPort() + " within "
                            + s.reply().toMillis() + " ms");
                }
            }, s.reply());
        }, s.loop);
    }

    /**
     * Loss sentinels towards us: {@code count} one-packet SYNs on one lane, a few milliseconds
     * apart, so the target answers each in a packet of its own; the answers come back in order on
     * one connection. An answer held up on its way (answers to later messages of ours came well
     * before it) for a retransmission timer's time shows loss towards us — provided our own SYN
     * arrived at once, which the feeder's TCP_INFO tells: otherwise the delay may be ours.
     */
    List<Ticket> sentinels(int count) {
        List<Ticket> tickets = new java.util.ArrayList<>();
        int ackBytes = expectedAckBytes(1);
        for (int i = 0; i < count; i++) {
            tickets.add(new Ticket(Direction.INBOUND, ProbeKind.LADDER, "ACK", ackBytes, 0));
        }
        long[] sent = new long[count];
        long[] arrived = new long[count];
        boolean[] prompt = new boolean[count];
        int[] sentCount = {0};
        int[] answers = {-1}; // the first answer is the tiny SYN's
        int[] ip = {0};
        long[] turnaround = {-1};
        long[] tinySent = {0};
        OutboundLink[] feeder = {null};
        Runnable[] finish = {null};
        InboundConnection[] from = {null};
        InboundListener.Handler h = (c, m, at) -> {
            if (m.verb() != Verb.GOSSIP_DIGEST_ACK) {
                return;
            }
            from[0] = c;
            TcpSnapshot tcp = c.tcp();
            int bytes = m.serializedSize(c.version());
            s.loop.execute(() -> {
                int n = answers[0]++;
                if (n < 0) {
                    // the answer can be handled before the send's completion is: then no turnaround
                    turnaround[0] = tinySent[0] == 0 ? 0 : Math.min(Math.max(0, at - tinySent[0]), s.reply().toNanos());
                    if (tinySent[0] != 0) {
                        s.answered(tinySent[0], at);
                    }
                    ip[0] = (int) Math.min(SizeLadder.framedBytes(bytes, FRAME_OVERHEAD)
                            + s.overhead.tcpHeaders(tcp == null || tcp.timestamps()), s.localMtu);
                    sendSentinels(count, feeder[0], sent, prompt, sentCount);
                    s.schedule(finish[0], java.time.Duration.ofMillis(5L * count).plus(s.confirm(0))
                            .plusNanos(2 * turnaround[0]));
                } else if (n < count && arrived[n] == 0) {
                    arrived[n] = at;
                    if (sent[n] != 0) {
                        s.answered(sent[n], at);
                    }
                }
            });
        };
        InboundListener.open(s.group, new InetSocketAddress(s.local, 0), 0, s.options.minVersion(), s.options.maxVersion(), h)
                .whenCompleteAsync((lane, e) -> {
                    if (e != null) {
                        tickets.forEach(t -> t.notSent("cannot open a lane port: " + e.getMessage()));
                        return;
                    }
                    OutboundLink.Spec spec = new OutboundLink.Spec(s.target, s.local, Endpoints.of(lane.localAddress()),
                            ConnectionType.URGENT_MESSAGES, s.safeMss(), s.options.timeouts().connect(),
                            s.options.minVersion(), s.options.maxVersion());
                    OutboundLink.open(s.group, spec).whenCompleteAsync((f, x) -> {
                        if (x != null) {
                            lane.close();
                            tickets.forEach(t -> t.notSent(x.getMessage()));
                            return;
                        }
                        feeder[0] = f;
                        finish[0] = () -> {
                            // Answers lost on the way and repaired fast (the next answer's arrival
                            // made the sender resend at once) still reached our socket out of order:
                            // each such packet is one answer lost at least once. The answers are far
                            // smaller than any MTU, so this is loss, never a size limit.
                            long outOfOrder = from[0] == null ? 0
                                    : TcpInfoExtra.of(from[0].channel()).rcvOooPack();
                            int marked = 0;
                            for (int i = count - 1; i >= 0; i--) {
                                Ticket t = tickets.get(i);
                                t.startNanos = sent[i];
                                t.onePacket = true;
                                t.ipSize = ip[0];
                                if (arrived[i] == 0 || sent[i] == 0) {
                                    t.lost(System.nanoTime());
                                } else {
                                    long wait = arrived[i] - sent[i] - 2 * turnaround[0];
                                    boolean late = prompt[i] && wait >= ProbeTimeouts.LATE.toNanos()
                                            && s.overtaken(sent[i], arrived[i]);
                                    if (!late && marked < outOfOrder) {
                                        late = true;
                                        marked++;
                                        t.note = "arrived out of order: a packet before it was lost towards us";
                                    }
                                    t.crossed(arrived[i], late);
                                }
                            }
                            f.close();
                            lane.close();
                        };
                        Message tiny = smallSyn();
                        f.send(tiny).thenAccept(t -> s.loop.execute(() -> {
                            if (turnaround[0] < 0) {
                                tinySent[0] = t;
                            }
                        }));
                        s.schedule(() -> {
                            if (turnaround[0] < 0) {
                                tickets.forEach(t -> t.notSent("no answer on the sentinel lane"));
                                f.close();
                                lane.close();
                            }
                        }, s.reply());
                    }, s.loop);
                }, s.loop);
        return tickets;
    }

    private Message smallSyn() {
        Message m = Message.gossip(s.nextId(), System.currentTimeMillis(), new GossipDigestSyn(s.options.clusterName(),
                s.options.partitioner(), DocumentationAddresses.digests(1)));
        SafetyPolicy.check(m, s.kind);
        return m;
    }

    /**
     * Sends the sentinels 5 ms apart. SYN i arrived at once when, a quick wait after it left, no
     * more of our segments are unacknowledged than were sent after it (acknowledgements are
     * cumulative and each SYN is one segment).
     */
    private void sendSentinels(int count, OutboundLink feeder, long[] sent, boolean[] prompt, int[] sentCount) {
        for (int i = 0; i < count; i++) {
            int n = i;
            Message syn = smallSyn();
            s.schedule(() -> feeder.send(syn).thenAccept(t -> s.loop.execute(() -> {
                sent[n] = t;
                sentCount[0]++;
                s.schedule(() -> {
                    TcpSnapshot f = feeder.tcp();
                    prompt[n] = f != null && f.unacked() <= sentCount[0] - (n + 1);
                }, s.quick());
            })), java.time.Duration.ofMillis(5L * i));
        }
    }

    /** The ACK a real node answers {@code digests} unknown endpoints with (plus our responder's report). */
    private int expectedAckBytes(int digests) {
        GossipDigestAck ack = new GossipDigestAck(DocumentationAddresses.digests(digests), List.of());
        return ProbeMessages.messageSize(ack, 1_000, s.version) + (s.kind == TargetKind.RESPONDER ? REPORT_BYTES : 0);
    }

    /**
     * One lane's events, moved onto the session loop. The large SYN goes out only once the small
     * one's answer is in: a real node packs answers queued together into one frame, and a lost
     * large frame would take the small answer with it. The small round trip also measures how
     * long the target takes to answer, which the wait for the large answer adds.
     */
    private final class Lane implements InboundListener.Handler {
        final Ticket t;
        long tinySentNanos;
        long tinyNanos;
        long turnaround;
        int bigDigests;
        Runnable sendLarge;

        Lane(Ticket t) {
            this.t = t;
        }

        @Override
        public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
            if (m.verb() != Verb.GOSSIP_DIGEST_ACK || !(m.payload() instanceof GossipDigestAck ack)) {
                return;
            }
            TcpSnapshot tcp = c.tcp();
            ResponderReport.from(m).ifPresent(reports);
            int bytes = m.serializedSize(c.version());
            s.loop.execute(() -> {
                if (t.done()) {
                    return;
                }
                // the small ACK names one endpoint; when the large one does too, they come in order
                boolean small = bigDigests > 1 ? ack.digests().size() == 1 : tinyNanos == 0;
                if (small) {
                    if (tinyNanos == 0) {
                        tinyArrived(arrivedNanos);
                    }
                    return;
                }
                long framed = SizeLadder.framedBytes(bytes, FRAME_OVERHEAD);
                int whole = (int) Math.min(framed + s.overhead.tcpHeaders(tcp == null || tcp.timestamps()), s.localMtu);
                int allowed = Math.min(whole, t.requestedIpSize > 0 ? t.requestedIpSize : s.localMtu);
                int ip = whole;
                if (tcp != null && tcp.rcvMss() > 0) {
                    ip = Math.min(ip, s.overhead.ipSizeForSegment(tcp.rcvMss(), tcp.timestamps()));
                    if (ip < allowed) {
                        senderLimited.accept(ip);
                    }
                }
                t.ipSize = ip;
                t.onePacket = ip >= whole;
                long start = t.startNanos != 0 ? t.startNanos : arrivedNanos;
                if (t.startNanos == 0) {
                    t.startNanos = start;
                }
                s.answered(start, arrivedNanos);
                // late: held up on the way (another answer to a later message came well before it),
                // long enough for a retransmission on the sender's timer
                t.crossed(arrivedNanos, arrivedNanos - start - 2 * turnaround >= ProbeTimeouts.LATE.toNanos()
                        && s.overtaken(start, arrivedNanos));
            });
        }

        private void tinyArrived(long now) {
            tinyNanos = now;
            t.stage = "small answer in";
            if (tinySentNanos != 0) {
                s.answered(tinySentNanos, now);
            }
            turnaround = tinySentNanos == 0 ? 0 : Math.min(Math.max(0, now - tinySentNanos), s.reply().toNanos());
            if (sendLarge != null) {
                sendLarge.run();
            }
        }

        /** The large SYN is on its way: its answer is due a quick wait plus the target's turnaround after. */
        void largeSent(long sentAt) {
            if (t.done()) {
                return;
            }
            t.stage = "large SYN sent";
            t.startNanos = sentAt;
            java.time.Duration extra = java.time.Duration.ofNanos(2 * turnaround);
            s.schedule(() -> {
                if (!t.done()) {
                    t.notYet();
                }
            }, s.quick().plus(extra).minusNanos(System.nanoTime() - sentAt));
            long giveUp = sentAt + s.confirm(0).plus(extra).plus(s.reply()).toNanos();
            s.schedule(() -> lostUnlessSlow(sentAt, giveUp), s.confirm(0).plus(extra).minusNanos(System.nanoTime() - sentAt));
        }

        /**
         * Lost when the target answered something we sent after this probe a while ago (it moved
         * on, and this answer did not come); otherwise the target is only slow: ask again shortly,
         * up to {@code giveUp}.
         */
        private void lostUnlessSlow(long sentAt, long giveUp) {
            if (t.done()) {
                return;
            }
            long now = System.nanoTime();
            if (s.overtaken(sentAt, now) || now >= giveUp) {
                t.lost(now);
            } else {
                s.schedule(() -> lostUnlessSlow(sentAt, giveUp), java.time.Duration.ofMillis(50));
            }
        }
    }
}
