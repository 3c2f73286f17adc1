package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.OutboundLink;
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
 * got through what we sent: a probe's answer missing after the target answered a later witness
 * is lost, not merely slow (a loaded target, or our own busy host, delays everything alike).
 */
final class Witness {
    private static final Duration EVERY = Duration.ofMillis(40);

    private final SessionContext s;
    private final Deque<Long> sent = new ArrayDeque<>();
    private OutboundLink link;
    private InboundListener lane;
    private boolean stopped;

    Witness(SessionContext s) {
        this.s = s;
    }

    void start() {
        InboundListener.open(s.group, new InetSocketAddress(s.local, 0), 0, s.options.minVersion(), s.options.maxVersion(),
                (c, m, at) -> {
                    if (m.verb() == Verb.GOSSIP_DIGEST_ACK) {
                        s.loop.execute(() -> {
                            Long t = sent.pollFirst();
                            if (t != null) {
                                s.answered(t, at);
                            }
                        });
                    }
                }).thenComposeAsync(l -> {
                    lane = l;
                    return OutboundLink.open(s.group, new OutboundLink.Spec(s.target, s.local,
                            Endpoints.of(l.localAddress()), ConnectionType.URGENT_MESSAGES, s.safeMss(),
                            s.options.timeouts().connect(), s.options.minVersion(), s.options.maxVersion()));
                }, s.loop).whenCompleteAsync((l, e) -> {
                    if (e != null) {
                        return; // no witness: slow answers are then judged by the waits alone
                    }
                    link = l;
                    if (stopped) {
                        stop();
                    } else {
                        tick();
                    }
                }, s.loop);
    }

    private void tick() {
        if (stopped || !link.isOpen()) {
            return;
        }
        Message m = Message.gossip(s.nextId(), System.currentTimeMillis(), new GossipDigestSyn(s.options.clusterName(),
                s.options.partitioner(), DocumentationAddresses.digests(1)));
        SafetyPolicy.check(m, s.kind);
        link.send(m).thenAccept(at -> s.loop.execute(() -> sent.addLast(at)));
        s.schedule(this::tick, EVERY);
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
