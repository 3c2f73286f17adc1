package io.gossippreflight.probe.check;

import io.gossippreflight.probe.plan.ProbeMessages;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.Payload;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ladder's payloads, built on another thread while the check connects: building a 140 KB
 * SYN or ACK2 to the byte takes long enough on a fresh JVM to hold up the probes otherwise.
 * Payloads carry no message id, so one serves every message of its size.
 */
final class LadderPayloads {
    private final String clusterName;
    private final String partitioner;
    private final MessagingVersion version;
    private final Map<Integer, GossipDigestSyn> syns = new ConcurrentHashMap<>();
    private final Map<Integer, GossipDigestAck2> ack2s = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> ready;
    private final java.util.concurrent.Executor builder;

    /** Starts building the SYNs of {@code sizes} on {@code builder}; {@link #ready} once they are built. */
    LadderPayloads(String clusterName, String partitioner, MessagingVersion version, Iterable<Integer> sizes,
            java.util.concurrent.Executor builder) {
        this.clusterName = clusterName;
        this.partitioner = partitioner;
        this.version = version;
        this.builder = builder;
        ready = CompletableFuture.runAsync(() -> sizes.forEach(size -> get("SYN", size)), builder);
    }

    /**
     * Builds the ACK2s of {@code sizes} on the builder thread too, once the target is known to be our
     * responder (only it is sent ACK2s); {@link #get} builds any not ready yet.
     */
    void prepareAck2(Iterable<Integer> sizes) {
        CompletableFuture.runAsync(() -> sizes.forEach(size -> get("ACK2", size)), builder);
    }

    CompletableFuture<Void> ready() {
        return ready;
    }

    /** The payload for {@code verb} ("SYN" or "ACK2") of about {@code bytes}; built now if not prepared. */
    Payload get(String verb, int bytes) {
        if (verb.equals("ACK2")) {
            return ack2s.computeIfAbsent(bytes, b -> ProbeMessages.ack2OfSize(b, 1_000, version));
        }
        return syns.computeIfAbsent(bytes, b -> ProbeMessages.synOfSize(clusterName, partitioner, b, 1_000, version));
    }
}
