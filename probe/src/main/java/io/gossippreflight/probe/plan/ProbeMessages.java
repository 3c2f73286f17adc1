package io.gossippreflight.probe.plan;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.message.Message;
import java.util.function.IntFunction;

/**
 * Builds the gossip messages a check sends, at the size it asks for, with sizes taken from the
 * wire serializers (exact bytes, not estimates).
 */
public final class ProbeMessages {
    private ProbeMessages() {
    }

    /**
     * A SYN naming documentation endpoints whose message is the smallest of at least
     * {@code messageBytes} bytes (digests are 15 bytes each, so it overshoots by less than 15).
     * Its ACK — from our responder or from Cassandra — requests every one of them back, so the
     * answer grows with it.
     */
    public static GossipDigestSyn synOfSize(String clusterName, String partitioner, int messageBytes, long messageId,
            MessagingVersion version) {
        int k = smallestCount(messageBytes, n -> new GossipDigestSyn(clusterName, partitioner,
                DocumentationAddresses.digests(n)), messageId, version);
        return new GossipDigestSyn(clusterName, partitioner, DocumentationAddresses.digests(k));
    }

    /** Bytes of the whole message (header and payload) carrying {@code payload}. */
    public static int messageSize(Payload payload, long messageId, MessagingVersion version) {
        return Message.gossip(messageId, 0, payload).serializedSize(version);
    }

    /** Smallest n whose payload makes a message of at least {@code bytes}; sizes grow with n. */
    static int smallestCount(int bytes, IntFunction<Payload> withCount, long id, MessagingVersion version) {
        int lo = 0;
        if (messageSize(withCount.apply(0), id, version) >= bytes) {
            return 0;
        }
        int hi = 1;
        while (messageSize(withCount.apply(hi), id, version) < bytes) {
            lo = hi;
            hi *= 2;
        }
        // invariant: size(lo) < bytes <= size(hi)
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (messageSize(withCount.apply(mid), id, version) < bytes) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }
}
