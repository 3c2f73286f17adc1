package io.gossippreflight.probe.check;

import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ladder's payloads, built on another thread while the session connects: building a 140 KB
 * SYN or ACK2 to the byte takes long enough on a fresh JVM to hold up the probes otherwise.
 * Payloads carry no message id, so one serves every message of its size.
 */
final class LadderPayloads {
    private final Map<Integer, GossipDigestSyn> syns = new ConcurrentHashMap<>();
    private final Map<Integer, GossipDigestAck2> ack2s = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready;

    LadderPayloads(SessionContext s, Iterable<Integer> sizes, boolean withAck2) {
        ready = CompletableFuture.runAsync(() -> {
            for (int size : sizes) {
                syns.computeIfAbsent(size, b -> ProbeMessages.synOfSize(s.options.clusterName(), s.options.partitioner(), b,
                        1_000, s.version));
            }
            if (withAck2) {
                for (int size : sizes) {
                    ack2s.computeIfAbsent(size, b -> ProbeMessages.ack2OfSize(b, 1_000, s.version));
                }
            }
        });
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    /** The payload for {@code verb} ("SYN" or "ACK2") of about {@code bytes}; built now if not prepared. */
    Payload get(SessionContext s, String verb, int bytes) {
        if (verb.equals("ACK2")) {
            return ack2s.computeIfAbsent(bytes, b -> ProbeMessages.ack2OfSize(b, 1_000, s.version));
        }
        return syns.computeIfAbsent(bytes, b -> ProbeMessages.synOfSize(s.options.clusterName(), s.options.partitioner(),
                b, 1_000, s.version));
    }
}
