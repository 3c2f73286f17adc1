package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.plan.DocumentationAddresses;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.probe.net.WireCost;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Probes target → us. Each probe gets its own listening port (a "lane") whose SYN-ACKs advertise
 * the MSS under test. Over a connection with the smallest safe segments (the feeder), so they
 * always arrive, we send a small SYN naming one documentation address and, once its answer came
 * back on the lane, a large SYN naming many, then another small one (the tail). A real node
 * requests each digest back, so its ACKs are as large as our SYNs, and it sends them in order over
 * its own connection to the lane.
 *
 * <p>The large answer's fate is read from evidence, not from how long it takes: it crossed when it
 * arrived; it is lost when a hole stayed open through the sender's retransmissions — a hole being
 * later data of that connection (the tail's answer, a smaller last segment) sitting in our
 * kernel's out-of-order queue, or the witness showing the target answered something we sent after
 * the large SYN had reached it. A paused or busy target shows neither, so it is slow, never lost.
 */
final class InboundProber {
    /** What the target's connections to us add to its answers, as the last one seen said (CRC frames until then). */
    private WireCost answerCost = WireCost.CRC;
    /** The report parameter our responder adds to every answer. */
    private static final int REPORT_BYTES = new ResponderReport(0, "eth0", 0, 0, 0, 0).toParam().length() + 3;
    private static final Duration FIRST_POLL = Duration.ofMillis(1);
    private static final Duration LATER_POLL = Duration.ofMillis(5);
    private static final int FAST_POLLS = 30;
    /**
     * In-order bytes on a lane past its small answer that only the large answer can account for: more
     * than the answer to a tail's SYN of one digest (under 100 bytes framed, compressed or not), less
     * than the smallest answer a probe asks for (the ladder's 300 bytes; compressed, about as much).
     */
    static final int MORE_THAN_A_TAIL = 256;
    /**
     * Bytes a real node's answer may exceed our model of it (its own message header: creation time,
     * parameters): added to the expected size of a natural-MSS answer that never arrived.
     */
    static final int ANSWER_SLACK = 64;

    private final CheckEnv env;
    private final PathTiming timing;
    private final LadderPayloads payloads;
    private final TargetKind kind;
    private final MessagingVersion version;
    private final Witness witness;
    private final Inbox inbox;
    /** The first round's lanes, opened with the main connection (null: every probe opens its own). */
    private final LaneStarts starts;
    /**
     * Smallest IP size of the segments a large answer arrived in when they were smaller than the
     * message and our advertised MSS allowed: the sender knows a smaller limit (ICMP, a clamp or its
     * own MTU). MAX_VALUE while none.
     */
    private int senderLimited = Integer.MAX_VALUE;
    /**
     * The target's answers carry our responder's report: its ACKs are that much larger. Known from
     * the ECHO, or from the first answer when the search starts before the ECHO is answered.
     */
    private boolean responder;

    InboundProber(CheckEnv env, PathTiming timing, LadderPayloads payloads, TargetKind kind, MessagingVersion version,
            Witness witness, Inbox inbox, LaneStarts starts) {
        this.env = env;
        this.starts = starts;
        this.timing = timing;
        this.payloads = payloads;
        this.kind = kind;
        this.version = version;
        this.witness = witness;
        this.inbox = inbox;
        this.responder = kind == TargetKind.RESPONDER;
    }

    int senderLimited() {
        return senderLimited;
    }

    /**
     * One probe: an answer of about {@code messageBytes}; {@code laneMss} the MSS the lane
     * advertises (0: the interface's own), {@code requestedIpSize} the segment size under test (0: natural).
     */
    ProbeHandle probe(ProbeKind probeKind, int messageBytes, int laneMss, int requestedIpSize) {
        ProbeHandle h = new ProbeHandle(Direction.INBOUND, probeKind, "ACK", messageBytes, requestedIpSize);
        Lane lane = new Lane(h);
        ConnectionType type = lane.prepare(messageBytes, laneMss);
        CompletableFuture<LaneStarts.Opened> started = starts == null ? null : starts.take(laneMss, type);
        if (started == null) {
            ownLane(lane, laneMss, type);
            return h;
        }
        started.whenComplete((o, e) -> {
            if (e != null) {
                ownLane(lane, laneMss, type); // the lane opened early failed: one of its own, as without it
                return;
            }
            lane.opened(o);
        });
        return h;
    }

    /** A lane of the probe's own ({@link LaneStarts#openLane}); none once the probe is done. */
    private void ownLane(Lane lane, int laneMss, ConnectionType type) {
        LaneStarts.openLane(env, laneMss, type, () -> !lane.h.done()).whenComplete((o, e) -> {
            if (e != null) {
                lane.h.notSent(LaneStarts.why(e), env.now());
            } else if (o != null) {
                lane.opened(o);
            }
        });
    }

    private Message smallSyn() {
        Message m = Message.gossip(env.nextId(), env.millisNow(), new GossipDigestSyn(env.options().clusterName(),
                env.options().partitioner(), DocumentationAddresses.digests(1)));
        SafetyPolicy.check(m, kind);
        return m;
    }

    /** The ACK a real node answers {@code digests} unknown endpoints with (plus our responder's report). */
    private int expectedAckBytes(int digests) {
        GossipDigestAck ack = new GossipDigestAck(DocumentationAddresses.digests(digests), List.of());
        return ProbeMessages.messageSize(ack, 1_000, version) + (responder ? REPORT_BYTES : 0);
    }

    /** One lane's probe: its connections and what arrived, on the check's loop. */
    private final class Lane implements Listener.Handler {
        final ProbeHandle h;
        /** The lane's port. */
        Listener listener;
        int bigDigests;
        long smallSentNanos;
        long turnaround = -1;
        long bigSentNanos;
        long bigDeliveredNanos;
        /** The target's connection to this lane, once its first answer came. */
        Listener.Accepted from;
        /**
         * The target's large-message connection to this lane, once its handshake completed (null
         * before): where an answer past the large-message threshold comes ({@link #bigAnswerHasItsOwnConnection}).
         */
        Listener.Accepted largeFrom;
        long largeOooBase;
        long largeReceivedBase;
        long oooBase;
        /** In-order bytes the lane's kernel had received when the small answer was read. */
        long receivedBase;
        /** When the first evidence came that the large answer was sent and is missing (0: none yet). */
        long holeSince;
        /** The only evidence is the witness's (no later data of the lane's own connection arrived). */
        boolean holeByWitness;
        Link feeder;
        Link small;
        Message big;
        Message tail;

        Lane(ProbeHandle h) {
            this.h = h;
        }

        /** The MSS this lane advertises (0: the interface's own). */
        int laneMss;
        /** The cost of the target's answers the large answer's expected size is made with (see {@link #expect}). */
        WireCost expectedCost;

        /**
         * A lost answer is never seen, so its size is what we expect of it. A lane's MSS fixes it to the
         * byte; at the natural MSS a real node's answer may be a little larger than our model of it, and a
         * size said lost must never be smaller than what was really lost (it would pin the MTU too low):
         * there the expectation is rounded up, and bisection on lanes finds the byte.
         */
        private void expect() {
            // over LZ4 the answer shrinks by an amount only its bytes decide: its uncompressed size bounds it
            long framed = expectedCost.wireBytes(expectedAckBytes(bigDigests));
            h.ipSize = laneMss > 0 ? env.overhead().ipSizeForMss(SocketOptions.clampMaxSeg(laneMss))
                    : (int) Math.min(framed + env.overhead().tcpHeaders(true) + ANSWER_SLACK, env.localMtu());
        }

        /** Builds the large SYN; returns the connection it travels on. */
        ConnectionType prepare(int messageBytes, int laneMss) {
            this.laneMss = laneMss;
            GossipDigestSyn syn = (GossipDigestSyn) payloads.get("SYN", messageBytes);
            big = Message.gossip(env.nextId(), env.millisNow(), syn);
            SafetyPolicy.check(big, kind);
            bigDigests = syn.digests().size();
            expectedCost = answerCost;
            expect();
            return ConnectionTypes.forGossip(big.serializedSize(version));
        }

        /** The lane's port and our connection(s) to the target naming it are open: this probe takes them. */
        void opened(LaneStarts.Opened o) {
            o.relay().to(this);
            listener = o.listener();
            h.result.whenComplete((r, x) -> listener.close());
            fed(o.feeder(), o.small());
        }

        /** Our connection(s) to the target naming this lane are open: the small SYN goes out. */
        void fed(Link feederLink, Link smallLink) {
            if (h.done()) {
                feederLink.close();
                smallLink.close();
                return;
            }
            feeder = feederLink;
            small = smallLink;
            h.result.whenComplete((r, x) -> {
                feeder.close();
                small.close();
            });
            h.stage = "feeder connected";
            small.send(smallSyn()).thenAccept(at -> smallSentNanos = at);
            if (bigAnswerHasItsOwnConnection()) {
                sendBig();
            }
            // the target answers on the lane once it gets to it: a busy or paused one later
            env.schedule(ConnectBackPhase.WAIT, () -> {
                if (turnaround < 0 && !h.done()) {
                    h.notSent("no answer on lane port " + listener.localAddress().getPort() + " within "
                            + ConnectBackPhase.WAIT.toSeconds() + " s", env.now());
                }
            });
        }

        @Override
        public void onHandshake(Listener.Accepted c, TcpSnapshot tcp) {
            if (largeFrom == null && c.initiate() != null && c.initiate().type() == ConnectionType.LARGE_MESSAGES) {
                largeFrom = c;
                largeOooBase = tcp == null ? 0 : tcp.rcvOooPack();
                largeReceivedBase = tcp == null ? 0 : tcp.bytesReceived();
            }
        }

        @Override
        public void onMessage(Listener.Accepted c, Message m, long at, TcpSnapshot tcp) {
            if (h.done() || m.verb() != Verb.GOSSIP_DIGEST_ACK || !(m.payload() instanceof GossipDigestAck ack)) {
                return;
            }
            ResponderReport.from(m).ifPresent(r -> {
                inbox.report(r);
                responder = true;
            });
            if (ack.digests().size() != bigDigests) {
                // The tail's answer, when it comes on a connection of its own (the large SYN travels on the
                // large-message connection), is no sign the target has moved past the large SYN: the tail went
                // out at once and overtakes a large SYN still crossing at the smallest MSS (several round trips
                // of slow start on a WAN). The witness tells once the large SYN is wholly in the target's kernel.
                if (turnaround < 0) {
                    smallAnswered(c, at, tcp);
                }
                return;
            }
            bigArrived(c, m, at, tcp);
        }

        private void smallAnswered(Listener.Accepted c, long at, TcpSnapshot tcp) {
            answerCost = c.wireCost();
            compressedAnswerFillsTheLane();
            turnaround = smallSentNanos == 0 ? 0 : Math.min(Math.max(0, at - smallSentNanos), timing.reply().toNanos());
            from = c;
            expect(); // again: an answer may have shown our responder since, whose report makes the answer larger
            oooBase = tcp == null ? 0 : tcp.rcvOooPack();
            receivedBase = tcp == null ? 0 : tcp.bytesReceived();
            h.stage = "small answer in";
            if (!bigAnswerHasItsOwnConnection()) {
                sendBig();
            }
            tail = smallSyn();
            small.send(tail);
        }

        /**
         * Whether the large answer comes over a connection of its own: a 4.0+ target sends an answer
         * past {@link io.gossippreflight.probe.net.ConnectionTypes#LARGE_MESSAGE_THRESHOLD} on its
         * large-message connection, so it cannot share a frame with the small answer. Then the large SYN
         * goes out with the small one instead of after its answer: at the smallest safe MSS it takes
         * several round trips of slow start, which the target's connection back to the lane now hides
         * (a 140 KB SYN at 300 ms: about 1.2 s sooner). Below that size, or to a 3.x node (one
         * connection for all gossip), the large answer could be batched with the small one into a frame
         * a black hole swallows whole, so the large SYN waits for the small answer.
         */
        private boolean bigAnswerHasItsOwnConnection() {
            return version.isModern() && laneMss <= 0
                    && ConnectionTypes.forGossip(big.serializedSize(version)) == ConnectionType.LARGE_MESSAGES;
        }

        private void sendBig() {
            feeder.send(big).whenComplete((sentAt, x) -> {
                if (x != null) {
                    h.notSent("the large SYN could not be sent: " + x.getMessage(), env.now());
                    return;
                }
                bigSent(sentAt);
            });
        }

        /**
         * The target compresses its answers (LZ4), by a factor only their bytes decide (an ACK of our
         * documentation endpoints shrinks about three times): an answer asked for at the lane's size
         * would cross whole in one packet smaller than the lane allows, and test nothing. So the SYN
         * asks for an answer whose compressed frames (as the target makes them: we compress our model
         * of its ACK the same way) fill at least two of the lane's segments, and the first segment is
         * the lane's size to the byte. The SYN stays on the connection it was opened for.
         */
        private void compressedAnswerFillsTheLane() {
            if (laneMss <= 0 || !(answerCost.framing() == io.gossippreflight.wire.handshake.Framing.LZ4
                    || answerCost.lz4Blocks())) {
                return;
            }
            int segment = SocketOptions.clampMaxSeg(laneMss);
            int limit = big.serializedSize(version) > io.gossippreflight.probe.net.ConnectionTypes.LARGE_MESSAGE_THRESHOLD
                    ? Integer.MAX_VALUE : io.gossippreflight.probe.net.ConnectionTypes.LARGE_MESSAGE_THRESHOLD;
            int bytes = h.messageBytes;
            int digests = bigDigests;
            Message chosen = null;
            for (int i = 0; i < 8 && compressedAck(digests) < 2L * segment; i++) {
                GossipDigestSyn next = (GossipDigestSyn) payloads.get("SYN", bytes * 2);
                Message m = Message.gossip(env.nextId(), env.millisNow(), next);
                if (m.serializedSize(version) > limit) {
                    break;
                }
                bytes *= 2;
                chosen = m;
                digests = next.digests().size();
            }
            if (chosen == null) {
                return;
            }
            big = chosen;
            SafetyPolicy.check(big, kind);
            bigDigests = digests;
            h.messageBytes = expectedAckBytes(bigDigests);
        }

        /** Our model of the target's ACK to {@code digests} unknown endpoints, compressed as it compresses. */
        private long compressedAck(int digests) {
            Message ack = Message.gossip(1, 0, new GossipDigestAck(DocumentationAddresses.digests(digests), List.of()));
            return answerCost.wireBytes(ack, version);
        }

        private void bigSent(long sentAt) {
            if (h.done()) {
                return;
            }
            h.stage = "large SYN sent";
            h.startNanos = sentAt;
            bigSentNanos = sentAt;
            watch(0);
        }

        /** Polls the kernel's view of both connections until the answer arrives or its hole is given up. */
        private void watch(int polls) {
            if (h.done()) {
                return;
            }
            long now = env.now();
            if (bigDeliveredNanos == 0) {
                TcpSnapshot f = feeder.tcp();
                if (f != null && f.allAcknowledged()) {
                    bigDeliveredNanos = now; // the whole SYN is in the target's kernel
                }
            }
            Listener.Accepted answerConn = bigAnswerHasItsOwnConnection() ? largeFrom : from;
            long answerOooBase = answerConn == largeFrom ? largeOooBase : oooBase;
            if (answerConn != null && (holeSince == 0 || holeByWitness)) {
                TcpSnapshot lane = answerConn.tcp();
                if (lane != null && lane.rcvOooPack() > answerOooBase) {
                    // data after the answer arrived, the answer did not: the path's doing (a hole the
                    // witness showed earlier keeps its start)
                    if (!holeByWitness) {
                        holeSince = now;
                    }
                    holeByWitness = false;
                }
            }
            if (holeSince == 0 && bigDeliveredNanos != 0) {
                long past = witness.movedPast(bigDeliveredNanos);
                if (past != 0 && !answerUnderway()) {
                    holeSince = past;
                    holeByWitness = true;
                }
            }
            // the witness's word alone leaves room for a busy target's reader to be late with the SYN
            long late = holeByWitness ? Math.max(0, witness.slowestSince(bigSentNanos) - timing.srttNanos()) : 0;
            long wait = timing.holeWait().toNanos() + late;
            if (holeSince != 0 && now - holeSince >= wait) {
                h.finish(ProbeOutcome.LOST, now);
                return;
            }
            if (now - bigSentNanos >= OutboundProber.LIMIT.toNanos()) {
                h.notSent("no answer within " + OutboundProber.LIMIT.toSeconds() + " s and no sign the target sent "
                        + "one: it stopped answering (paused or overloaded?)", now);
                return;
            }
            // a search moves on only on evidence of a hole: a target that is slow or stopped shows none,
            // and is waited for
            if (holeSince != 0) {
                h.notYet();
            }
            env.schedule(polls < FAST_POLLS ? FIRST_POLL : LATER_POLL, () -> watch(polls + 1));
        }

        /**
         * Whether the lane's kernel already holds, in order, the answer's first segment: then it
         * crossed and only our reading of it is late (a busy or freshly started checker reads its
         * connections on several loops, the witness's maybe first), so the witness's word is no sign
         * of a hole. Seen when the in-order bytes grew by more than a tail's answer on the lane could
         * account for ({@link #MORE_THAN_A_TAIL}, or the probe's whole segment where that is smaller):
         * a hole swallows the answer's first, largest segment, and what follows it waits out of
         * order, which does not count here.
         */
        private boolean firstSegmentInKernel(TcpSnapshot lane, long base) {
            if (lane == null) {
                return false;
            }
            int segment = h.ipSize - env.overhead().tcpHeaders(lane.timestamps());
            return lane.bytesReceived() - base >= Math.min(segment, MORE_THAN_A_TAIL);
        }

        /**
         * Whether the large answer may still be on its way however far the witness says the target has
         * got: its first segment is in the kernel of the connection it comes on; or it comes on a
         * connection of its own that the target has not finished opening (a TCP and, over TLS, a TLS
         * handshake on a busy host: a loopback check under load called a 140 KB answer lost while the
         * target was still opening that connection). A hole shows there once it is open.
         */
        private boolean answerUnderway() {
            if (bigAnswerHasItsOwnConnection()) {
                return largeFrom == null || firstSegmentInKernel(largeFrom.tcp(), largeReceivedBase);
            }
            return firstSegmentInKernel(from == null ? null : from.tcp(), receivedBase);
        }

        private void bigArrived(Listener.Accepted c, Message m, long at, TcpSnapshot tcp) {
            answerCost = c.wireCost();
            // exact: compressing the message again gives the target's own LZ4 frames byte for byte
            long framed = c.wireCost().wireBytes(m, c.version());
            boolean ts = tcp == null || tcp.timestamps();
            int whole = (int) Math.min(framed + env.overhead().tcpHeaders(ts), env.localMtu());
            int ip = whole;
            if (tcp != null && tcp.rcvMss() > 0) {
                ip = Math.min(ip, env.overhead().ipSizeForSegment(tcp.rcvMss(), ts));
                // what our SYN-ACK allowed: a smaller segment means the sender knows a smaller limit,
                // unless the allowed size is beyond what Linux sends in one segment anyway
                int allowed = Math.min(whole, env.overhead().ipSizeForSegment(tcp.advmss(), ts));
                if (ip < allowed && tcp.advmss() < SocketOptions.MAX_MAXSEG) {
                    senderLimited = Math.min(senderLimited, ip);
                    h.resegmented = true;
                }
            }
            h.ipSize = ip;
            h.onePacket = ip >= whole;
            if (h.startNanos == 0) {
                h.startNanos = at;
            }
            h.finish(ProbeOutcome.CROSSED, at);
        }
    }
}
