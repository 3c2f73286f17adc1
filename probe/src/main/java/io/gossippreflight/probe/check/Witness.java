package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.plan.DocumentationAddresses;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A small SYN to the target every few tens of milliseconds while probes towards us are pending,
 * answered on a lane of its own. Its answers come in order, so each tells how far the target has
 * got through what we sent: once it answered a witness sent after one of our large SYNs had
 * wholly reached its kernel, it has dealt with that SYN too, and the answer's absence is the
 * path's doing (a paused target holds everything back alike) — unless a busy target reads its
 * connections at different times: a large SYN can then wait in its kernel while a later witness
 * is answered, for about as long as witnesses themselves wait ({@link #slowestSince}).
 */
final class Witness {
    private static final Duration EVERY = Duration.ofMillis(40);
    /** Answers kept: a few seconds' worth is all a probe looks back on. */
    private static final int KEPT = 1_000;

    private final CheckEnv env;
    private final TargetKind kind;
    private final Deque<Long> pending = new ArrayDeque<>();
    /** {sent, answered} of answered witnesses, oldest first. */
    private final Deque<long[]> answered = new ArrayDeque<>();
    private Link link;
    private Listener lane;
    private boolean stopped;

    Witness(CheckEnv env, TargetKind kind) {
        this.env = env;
        this.kind = kind;
    }

    void start() {
        // the answers come at the smallest safe MSS: a busy target sends several at once, and at our own MSS
        // the kernel would join them into one segment that a black hole swallows, stalling every later one
        env.net().listen(new InetSocketAddress(env.local(), 0), env.safeMss(), env.options().acceptMinVersion(),
                env.options().maxVersion(),
                (c, m, at, tcp) -> {
                    if (m.verb() == Verb.GOSSIP_DIGEST_ACK) {
                        Long sent = pending.pollFirst();
                        if (sent != null) {
                            if (answered.size() == KEPT) {
                                answered.pollFirst();
                            }
                            answered.addLast(new long[] {sent, at});
                        }
                    }
                }).thenCompose(l -> {
                    lane = l;
                    return env.net().connect(new Link.Spec(env.target(), env.local(), Endpoints.of(l.localAddress()),
                            ConnectionType.URGENT_MESSAGES, env.safeMss(), env.options().timeouts().connect(),
                            env.options().minVersion(), env.options().maxVersion()));
                }).whenComplete((l, e) -> {
                    if (e != null) {
                        return; // no witness: probes then rely on what the kernel shows
                    }
                    link = l;
                    if (stopped) {
                        stop();
                    } else {
                        tick();
                    }
                });
    }

    private void tick() {
        if (stopped || !link.isOpen()) {
            return;
        }
        Message m = Message.gossip(env.nextId(), env.millisNow(), new GossipDigestSyn(env.options().clusterName(),
                env.options().partitioner(), DocumentationAddresses.digests(1)));
        SafetyPolicy.check(m, kind);
        link.send(m).thenAccept(pending::addLast);
        env.schedule(EVERY, this::tick);
    }

    /**
     * When the target first answered a witness sent at or after {@code nanos}, or 0 when it has
     * not: from then on it has dealt with everything that reached it before {@code nanos}.
     */
    long movedPast(long nanos) {
        for (long[] a : answered) {
            if (a[0] >= nanos) {
                return a[1];
            }
        }
        return 0;
    }

    /**
     * The longest a witness answered at or after {@code nanos} took from being sent (0 when none):
     * on a busy target, how late a connection's reader may deal with what reached its kernel. A
     * SYN on another connection may wait as long behind it, so an answer the witness says is due
     * may still be coming that much later.
     */
    long slowestSince(long nanos) {
        long slowest = 0;
        for (long[] a : answered) {
            if (a[1] >= nanos) {
                slowest = Math.max(slowest, a[1] - a[0]);
            }
        }
        return slowest;
    }

    void stop() {
        stopped = true;
        if (link != null) {
            link.close();
        }
        if (lane != null) {
            lane.close();
        }
    }
}
