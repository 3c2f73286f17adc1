package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeKind;
import io.gossippreflight.probe.classify.ProbeOutcome;
import io.gossippreflight.probe.classify.ProbeRecord;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.plan.SizeLadder;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.frame.CrcFrameFormat;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The shadow round a joining node starts with: an empty SYN, answered by an ACK with every
 * endpoint state the target knows. Sent twice: over our main connection, so the answer comes back
 * at our own MSS (does it cross?), and — once the first SYN is wholly in the target's kernel —
 * over a connection advertising the sink, at the smallest safe MSS, so its answer always arrives
 * (its size and states size what the cluster needs). That answer's arrival shows the target
 * dealt with the first SYN: from then on a missing first answer is the path's doing. An ECHO after
 * the second SYN on the same connection tells an ignored SYN (cluster name or partitioner) from a
 * slow one: a node answers both on one stage, in order.
 */
final class ShadowPhase {
    /** How long a target may take to answer a shadow SYN at all (a busy seed, a GC pause). */
    static final Duration WAIT = Duration.ofSeconds(8);

    /**
     * What the phase knows once the answer at the smallest MSS came (or did not): the searches start
     * then, while the answer at our own MSS is still given its time.
     *
     * @param sinkAck the ACK read at the smallest MSS, or null when none came
     * @param atOwnMss completes with the ACK sent at our own MSS and its fate, or null when the target
     *                 cannot connect back
     * @param ignored the target answered the ECHO but not the SYN: it ignores our cluster
     */
    record Result(Inbox.ShadowAck sinkAck, CompletableFuture<ProbeRecord> atOwnMss, boolean ignored) {
    }

    /** The shadow round's outcome, once both answers had their time. */
    record Shadow(Inbox.ShadowAck sinkAck, ProbeRecord atOwnMss) {
    }

    private ShadowPhase() {
    }

    static CompletableFuture<Result> run(CheckEnv env, ConnectPhase.Connected c, boolean connectsBack, Inbox inbox,
            TargetKind kind) {
        PathTiming timing = c.timing();
        GossipDigestSyn syn = new GossipDigestSyn(env.options().clusterName(), env.options().partitioner(), List.of());
        CompletableFuture<Inbox.ShadowAck> onSink = new CompletableFuture<>();
        CompletableFuture<Inbox.ShadowAck> onMain = new CompletableFuture<>();
        inbox.onShadowAck(true, onSink::complete);
        inbox.onShadowAck(false, onMain::complete);
        boolean[] ignored = {false};
        CompletableFuture<Void> firstDelivered = connectsBack ? send(env, c.main(), syn, kind)
                .thenCompose(at -> delivered(env, c.main(), at)) : CompletableFuture.completedFuture(null);
        firstDelivered.thenCompose(v -> env.net().connect(new Link.Spec(env.target(), env.local(), env.sink(),
                ConnectionType.URGENT_MESSAGES, env.safeMss(), env.options().timeouts().connect(),
                env.options().minVersion(), env.options().maxVersion()))).whenComplete((sink, e) -> {
                    if (e != null) {
                        onSink.complete(null);
                        return;
                    }
                    onSink.whenComplete((a, x) -> sink.close());
                    send(env, sink, syn, kind);
                    ConnectBackPhase.echo(env, sink, inbox, WAIT).thenAccept(echo -> {
                        if (echo != null && !onSink.isDone()) {
                            ignored[0] = true;
                            onSink.complete(null);
                        }
                    });
                });
        // without a connection back, the wait would only delay the outbound checks
        env.schedule(connectsBack ? WAIT : timing.reply(), () -> onSink.complete(null));
        return onSink.thenCompose(sinkAck -> {
            if (sinkAck != null) {
                env.say(String.format("shadow-round ACK: %,d bytes, %d endpoint states (read at the smallest MSS)",
                        sinkAck.bytes(), sinkAck.ack().states().size()));
            } else if (!ignored[0]) {
                env.say("no answer to the shadow-round SYN reached us");
            }
            if (!connectsBack || ignored[0]) {
                return CompletableFuture.completedFuture(new Result(sinkAck, CompletableFuture.completedFuture(null),
                        ignored[0]));
            }
            // the target has dealt with the SYN on our main connection: its answer has a hole's time to come
            Duration left = sinkAck == null ? Duration.ZERO : timing.holeWait();
            env.schedule(left, () -> onMain.complete(null));
            return CompletableFuture.completedFuture(new Result(sinkAck,
                    onMain.thenApply(mainAck -> record(env, sinkAck, mainAck, inbox)), false));
        });
    }

    /**
     * Against a real 3.x node: its answers come to our main port over its own connection, whatever
     * we advertise (a 3.x address has no port: it answers at its storage port), at our natural MSS,
     * so there is no sink. One shadow SYN on the main connection; its ACK is both the cluster's
     * size and the probe at our own MSS. None within {@link #WAIT}: an ignored SYN (3.x drops a
     * cluster_name or partitioner mismatch silently) cannot be told from an ACK lost on the way.
     */
    static CompletableFuture<Result> runOnMain(CheckEnv env, ConnectPhase.Connected c, boolean connectsBack, Inbox inbox,
            TargetKind kind) {
        if (!connectsBack) {
            return CompletableFuture.completedFuture(new Result(null, CompletableFuture.completedFuture(null), false));
        }
        GossipDigestSyn syn = new GossipDigestSyn(env.options().clusterName(), env.options().partitioner(), List.of());
        CompletableFuture<Inbox.ShadowAck> ack = new CompletableFuture<>();
        inbox.onShadowAck(false, ack::complete);
        inbox.onShadowAck(true, ack::complete);
        long sent = env.now();
        send(env, c.main(), syn, kind);
        env.schedule(WAIT, () -> ack.complete(null));
        return ack.thenApply(a -> {
            if (a == null) {
                env.say("no answer to the shadow-round SYN reached us within " + WAIT.toSeconds() + " s: a 3.x node "
                        + "drops a SYN of another cluster_name or partitioner silently, or its ACK is lost on the way");
                return new Result(null, CompletableFuture.completedFuture(null), false);
            }
            env.say(String.format("shadow-round ACK: %,d bytes, %d endpoint states (read at our own MSS: a 3.x node "
                    + "answers at its storage port)", a.bytes(), a.ack().states().size()));
            ProbeRecord r = record(env, null, a, inbox);
            ProbeRecord timed = new ProbeRecord(r.direction(), r.kind(), r.message(), r.messageBytes(), r.ipSize(), r.outcome(),
                    Duration.ofNanos(Math.max(0, a.atNanos() - sent)), r.retransmits(), r.onePacket());
            return new Result(a, CompletableFuture.completedFuture(timed), false);
        });
    }

    private static CompletableFuture<Long> send(CheckEnv env, Link l, GossipDigestSyn syn, TargetKind kind) {
        Message m = Message.gossip(env.nextId(), env.millisNow(), syn);
        SafetyPolicy.check(m, kind);
        return l.send(m);
    }

    /** Completes once every byte sent on {@code l} is acknowledged (or it closed, or 5 s passed). */
    private static CompletableFuture<Void> delivered(CheckEnv env, Link l, long sentAt) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        poll(env, l, sentAt, f);
        return f;
    }

    private static void poll(CheckEnv env, Link l, long sentAt, CompletableFuture<Void> f) {
        TcpSnapshot t = l.tcp();
        if (t == null || t.allAcknowledged() || env.now() - sentAt > Duration.ofSeconds(5).toNanos()) {
            f.complete(null);
        } else {
            env.schedule(Duration.ofMillis(2), () -> poll(env, l, sentAt, f));
        }
    }

    /** The answer at our own MSS as an inbound probe: its size from the copy at the smallest MSS. */
    private static ProbeRecord record(CheckEnv env, Inbox.ShadowAck sinkAck, Inbox.ShadowAck mainAck, Inbox inbox) {
        int bytes = sinkAck != null ? sinkAck.bytes() : mainAck != null ? mainAck.bytes() : 0;
        Inbox.ShadowAck any = sinkAck != null ? sinkAck : mainAck;
        long wire = any != null ? any.wireBytes() : SizeLadder.framedBytes(bytes, CrcFrameFormat.INSTANCE.overhead());
        int ip = naturalIpSizeOfFramed(env.overhead(), env.localMtu(), wire, inbox.mainAccepted());
        boolean one = true;
        if (mainAck != null && mainAck.tcp() != null && mainAck.tcp().rcvMss() > 0) {
            TcpSnapshot t = mainAck.tcp();
            ip = Math.max(1, Math.min(ip, env.overhead().ipSizeForSegment(t.rcvMss(), t.timestamps())));
            one = ip >= naturalIpSizeOfFramed(env.overhead(), env.localMtu(), wire, inbox.mainAccepted());
        }
        long start = sinkAck != null ? sinkAck.atNanos() : env.now();
        ProbeOutcome o = mainAck != null ? ProbeOutcome.CROSSED : sinkAck != null ? ProbeOutcome.LOST
                : ProbeOutcome.NOT_SENT;
        if (o == ProbeOutcome.LOST) {
            env.say(String.format("the %,d-byte shadow-round ACK did not arrive at our own MSS", bytes));
        } else if (o == ProbeOutcome.CROSSED) {
            env.say(String.format("the %,d-byte shadow-round ACK arrived at our own MSS", bytes));
        }
        long end = mainAck != null ? mainAck.atNanos() : env.now();
        return new ProbeRecord(Direction.INBOUND, ProbeKind.SHADOW, "ACK", bytes, ip, o,
                Duration.ofNanos(Math.max(0, end - start)), -1, one);
    }

    /** IP size of the largest packet of a message sent at the natural MSS towards us. */
    static int naturalIpSize(CheckEnv env, int messageBytes, TcpSnapshot accepted) {
        return naturalIpSize(env.overhead(), env.localMtu(), messageBytes, accepted);
    }

    static int naturalIpSizeOf(CheckFacts f, int messageBytes) {
        return naturalIpSize(f.overhead(), f.localMtu(), messageBytes, f.mainAccepted());
    }

    /** As {@link #naturalIpSizeOf}, for a message of {@code wireBytes} on the wire (frames and TLS included). */
    static int naturalIpSizeOfWire(CheckFacts f, long wireBytes) {
        return naturalIpSizeOfFramed(f.overhead(), f.localMtu(), wireBytes, f.mainAccepted());
    }

    private static int naturalIpSize(io.gossippreflight.probe.plan.PacketOverhead overhead, int localMtu,
            int messageBytes, TcpSnapshot accepted) {
        return naturalIpSizeOfFramed(overhead, localMtu, SizeLadder.framedBytes(messageBytes,
                CrcFrameFormat.INSTANCE.overhead()), accepted);
    }

    private static int naturalIpSizeOfFramed(io.gossippreflight.probe.plan.PacketOverhead overhead, int localMtu,
            long framed, TcpSnapshot accepted) {
        int cap = accepted != null && accepted.advmss() > 0
                ? overhead.ipSizeForMss(Math.min(accepted.advertisedMssOption(), SocketOptions.MAX_MAXSEG))
                : localMtu;
        return (int) Math.min(framed + overhead.tcpHeaders(true), Math.min(cap, localMtu));
    }
}
