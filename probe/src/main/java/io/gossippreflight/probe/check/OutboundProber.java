package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.probe.net.WireCost;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.Payload;
import java.time.Duration;

/**
 * Probes us → target. Each probe is one message on a connection of its own from the pool, judged
 * by what our kernel says, never by how long an answer takes: the target's kernel acknowledges
 * what arrives whether or not its process runs (a paused or busy node still ACKs), so
 * <ul>
 *   <li>every byte acknowledged: crossed — late when the kernel had to retransmit on its own
 *       (not because ICMP taught it a smaller path MTU, not a retransmission the peer reported
 *       as a duplicate): a segment was lost on the way;</li>
 *   <li>unacknowledged after the kernel retransmitted it twice (tail-loss probe and timer, or two
 *       timers) with no smaller path MTU learned and no byte of it acknowledged meanwhile: lost —
 *       random loss would have let one copy through. A message of several segments is lost at its
 *       first timer retransmission with nothing of it acknowledged: its first flight, several
 *       packets, went unanswered for a whole RTO (and the tail-loss probe too, which for a message
 *       larger than the first flight sends its next new segment rather than resending one, so that
 *       only timers would count there, each twice as long as the last);</li>
 *   <li>unacknowledged with no retransmission (the target's window closed: it stopped reading):
 *       wait; after {@link #LIMIT} it has no outcome.</li>
 * </ul>
 */
final class OutboundProber {
    private static final Duration FIRST_POLL = Duration.ofMillis(1);
    private static final Duration LATER_POLL = Duration.ofMillis(5);
    private static final int FAST_POLLS = 30;
    /** Kernel retransmissions of a probe without any acknowledgement that make it lost. */
    static final int RETRANSMISSIONS_FOR_LOST = 2;
    /** Longest a probe may wait for an outcome (a target that stopped reading for this long). */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private final CheckEnv env;
    private final PathTiming timing;
    private final LinkPool pool;
    private final LadderPayloads payloads;
    private final TargetKind kind;
    private final MessagingVersion version;
    /** Smallest path MTU any probe socket reported (ICMP taught our kernel), MAX_VALUE when none lower. */
    private int learnedPmtu = Integer.MAX_VALUE;
    /**
     * The quickest a probe of this check was acknowledged (sent to every byte acknowledged), 0 before
     * the first: what a round trip on this path takes right now, measured on the probes themselves.
     */
    private long fastestAckNanos;

    OutboundProber(CheckEnv env, PathTiming timing, LinkPool pool, LadderPayloads payloads, TargetKind kind,
            MessagingVersion version) {
        this.env = env;
        this.timing = timing;
        this.pool = pool;
        this.payloads = payloads;
        this.kind = kind;
        this.version = version;
    }

    int learnedPmtu() {
        return learnedPmtu;
    }

    /** A ladder probe: a message of about {@code messageBytes}, "SYN" or (our responder only) "ACK2". */
    ProbeHandle ladder(String verb, int messageBytes) {
        ProbeHandle h = new ProbeHandle(Direction.OUTBOUND, ProbeKind.LADDER, verb, messageBytes, 0);
        Payload payload = payloads.get(verb, messageBytes);
        Message built = Message.gossip(env.nextId(), env.millisNow(), payload);
        int size = built.serializedSize(version);
        pool.take(ConnectionTypes.forGossip(size)).whenCompleteAsync((link, e) -> {
            if (e != null) {
                h.notSent(e.getMessage(), env.now());
                return;
            }
            Message m = built;
            if (link.wireCost().framing() == Framing.LZ4 && verb.equals("SYN")) {
                // over LZ4 a SYN of digests would shrink: the same size in bytes LZ4 cannot shrink
                try {
                    Message raw = ProbeMessages.incompressibleSyn(env.options().clusterName(), env.options().partitioner(),
                            size, built.id(), built.createdAtMillis(), version);
                    m = raw != null ? raw : built;
                } catch (IllegalArgumentException cannot) {
                    m = built; // sent as built: its wire bytes are counted exactly all the same
                }
            }
            go(h, link, m, size);
        }, env.executor());
        return h;
    }

    /** A bisection probe: one segment of exactly {@code ipSize} bytes, if the connection's MSS allows it. */
    ProbeHandle segment(int ipSize) {
        ProbeHandle h = new ProbeHandle(Direction.OUTBOUND, ProbeKind.BISECT, "SYN", 0, ipSize);
        pool.take(ConnectionType.URGENT_MESSAGES).whenCompleteAsync((link, e) -> {
            if (e != null) {
                h.notSent(e.getMessage(), env.now());
                return;
            }
            TcpSnapshot tcp = link.tcp();
            WireCost cost = link.wireCost();
            int bytes = cost.messageBytesFor(ipSize - env.overhead().tcpHeaders(tcp == null || tcp.timestamps()));
            // over LZ4 only incompressible bytes have the size we choose on the wire
            Message m = bytes < 0 ? null : cost.framing() == Framing.LZ4
                    ? ProbeMessages.incompressibleSyn(env.options().clusterName(), env.options().partitioner(), bytes,
                            env.nextId(), env.millisNow(), version)
                    : ProbeMessages.synMessageOfExactSize(env.options().clusterName(), env.options().partitioner(),
                            bytes, env.nextId(), env.millisNow(), version);
            h.messageBytes = Math.max(bytes, 0);
            if (m == null) {
                h.notSent(ipSize + " bytes is below the smallest SYN", env.now());
                link.close();
                return;
            }
            go(h, link, m, bytes);
        }, env.executor());
        return h;
    }

    private void go(ProbeHandle h, Link link, Message m, int size) {
        try {
            send(h, link, m, size);
        } catch (RuntimeException e) {
            // never a probe without an outcome (a check that waits forever): said, and the link freed
            h.notSent("could not send: " + e.getMessage(), env.now());
            link.close();
        }
    }

    private void send(ProbeHandle h, Link link, Message m, int size) {
        SafetyPolicy.check(m, kind);
        TcpSnapshot before = link.tcp();
        if (before == null) {
            h.notSent("connection closed before sending", env.now());
            return;
        }
        noteLearned(before);
        long framed = link.wireCost().wireBytes(m, version);
        h.ipSize = SizeLadder.largestSegmentIpSize(framed, before.sndMss(), env.overhead(), before.timestamps());
        h.onePacket = framed <= before.sndMss();
        h.stage = "sending";
        // watched from the moment it is written, not once the write completes: a message larger than the
        // send buffer completes its write only as acknowledgements make room, which a black hole never gives
        // (a 140 KB rung at an MSS of 1,448 waited 30 s for the connection to time out: lab vpn-blackhole,
        // node MTU 1500)
        h.startNanos = env.now();
        link.send(m).whenCompleteAsync((sentAt, err) -> {
            if (err != null) {
                h.notSent("send failed: " + err.getMessage(), env.now());
                link.close();
                return;
            }
            h.written = true;
            if (!h.result.isDone()) {
                h.stage = "waiting for the acknowledgement";
            }
        }, env.executor());
        watch(h, link, before, 0);
    }

    /**
     * When a search may take a probe as lost for now: twice the quickest acknowledgement a probe of
     * this check got, plus the variation — probes sent together get their acknowledgements within
     * that of each other, so one still missing then is missing (a slow host slows them all alike).
     * Before any probe was acknowledged, the wait derived from the round trip of the first connection.
     */
    private long quickAt(ProbeHandle h) {
        long floor = timing.timeouts().floor().toNanos();
        long wait = fastestAckNanos == 0 ? timing.quick().toNanos()
                : Math.max(floor, 2 * fastestAckNanos + 4 * timing.rttvarMicros() * 1_000);
        return h.startNanos + Math.min(wait, timing.quick().toNanos());
    }

    private void watch(ProbeHandle h, Link link, TcpSnapshot before, int polls) {
        long now = env.now();
        TcpSnapshot tcp = link.tcp();
        if (tcp == null) {
            // reset or closed under us: says nothing about the path
            h.notSent("the connection closed before every byte was acknowledged", now);
            return;
        }
        noteLearned(tcp);
        if (tcp.pmtu() < before.pmtu()) {
            // ICMP taught the kernel a smaller path MTU: it resends in smaller segments, which are
            // judged afresh from here (a second limit further on can still lose them)
            h.resegmented = true;
            h.ipSize = Math.min(h.ipSize, tcp.pmtu());
            before = tcp;
        }
        int retrans = Math.max(0, tcp.totalRetrans() - before.totalRetrans());
        long duplicates = Math.max(0, tcp.dsackDups() - before.dsackDups());
        h.retransmits = retrans;
        if (tcp.allAcknowledged() && h.written) {
            if (h.acknowledgedNanos == 0) {
                h.acknowledgedNanos = now;
                long took = now - h.startNanos;
                fastestAckNanos = fastestAckNanos == 0 ? took : Math.min(fastestAckNanos, took);
                h.quick.complete(true);
            }
            boolean lostOnce = !h.resegmented && retrans > duplicates;
            // A resend of bytes the receiver already had (a tail-loss probe fired while an acknowledgement was
            // slow: a busy host, a queue) is reported back as a D-SACK about a round trip later: no loss then
            if (lostOnce && now - h.acknowledgedNanos < dsackWait().toNanos()) {
                TcpSnapshot base = before;
                env.schedule(LATER_POLL, () -> watch(h, link, base, polls + 1));
                return;
            }
            h.finish(lostOnce ? ProbeOutcome.CROSSED_LATE : ProbeOutcome.CROSSED, h.acknowledgedNanos);
            link.close();
            return;
        }
        // Lost only while nothing of it is acknowledged: after ICMP lowered the path MTU, the kernel resends
        // a multi-segment message in smaller pieces over several round trips (as its window allows), each
        // counted as a retransmission while the peer acknowledges them one after another.
        boolean flightUnanswered = !h.onePacket && !h.resegmented && tcp.retransmits() >= 1 && retrans - duplicates >= 1;
        if ((retrans - duplicates >= RETRANSMISSIONS_FOR_LOST || flightUnanswered)
                && tcp.bytesAcked() == before.bytesAcked()) {
            h.finish(ProbeOutcome.LOST, now);
            link.close();
            return;
        }
        if (now - h.startNanos >= LIMIT.toNanos()) {
            h.notSent("no outcome within " + LIMIT.toSeconds() + " s: "
                    + (tcp.probes() > 0 ? "the target's receive window stayed closed (it stopped reading)"
                            : "the kernel neither got an acknowledgement nor retransmitted"), now);
            link.close();
            return;
        }
        if (now >= quickAt(h)) {
            h.notYet();
        }
        TcpSnapshot base = before;
        env.schedule(polls < FAST_POLLS ? FIRST_POLL : LATER_POLL, () -> watch(h, link, base, polls + 1));
    }

    /** How long a D-SACK may trail the acknowledgement of everything: a round trip and its variation. */
    private Duration dsackWait() {
        Duration d = Duration.ofNanos(timing.srttNanos() + 4 * timing.rttvarMicros() * 1_000);
        return d.compareTo(timing.timeouts().floor()) < 0 ? timing.timeouts().floor() : d;
    }

    private void noteLearned(TcpSnapshot tcp) {
        if (tcp.pmtu() > 0) {
            learnedPmtu = Math.min(learnedPmtu, tcp.pmtu());
        }
    }
}
