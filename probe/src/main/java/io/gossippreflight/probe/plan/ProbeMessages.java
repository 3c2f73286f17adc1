package io.gossippreflight.probe.plan;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
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

    /**
     * A message parameter type no Cassandra release defines (5.0.9's highest is 17); Cassandra
     * 4.0–5.0 skip parameters of unknown type (net/Message.java deserializeParams), so padding in
     * one changes a message's size by exactly its bytes and nothing else.
     */
    public static final int PADDING_PARAM_TYPE = 121;

    /**
     * A SYN of documentation digests of exactly {@code messageBytes} bytes: digests for the bulk
     * (15 bytes each), a padding parameter for the rest. Null when {@code messageBytes} is below
     * the smallest such SYN.
     */
    public static Message synMessageOfExactSize(String clusterName, String partitioner, int messageBytes, long messageId,
            int createdAt, MessagingVersion version) {
        GossipDigestSyn empty = new GossipDigestSyn(clusterName, partitioner, java.util.List.of());
        int base = messageSize(empty, messageId, version);
        if (messageBytes < base + MIN_PADDING) {
            return null;
        }
        // digests up to a little below the target, then pad; fewer digests when a pad length cannot be hit
        int k = Math.max(0, (messageBytes - base - MIN_PADDING) / 15);
        for (; k >= 0; k--) {
            GossipDigestSyn syn = new GossipDigestSyn(clusterName, partitioner, DocumentationAddresses.digests(k));
            int rest = messageBytes - messageSize(syn, messageId, version);
            int pad = padLength(rest);
            if (pad >= 0) {
                Message m = new Message(messageId, createdAt, Message.GOSSIP_EXPIRES_IN_MILLIS,
                        io.gossippreflight.wire.message.Verb.GOSSIP_DIGEST_SYN.id(), 0,
                        java.util.List.of(new io.gossippreflight.wire.message.Param(PADDING_PARAM_TYPE, new byte[pad])), syn);
                if (m.serializedSize(version) == messageBytes) {
                    return m;
                }
            }
        }
        return null;
    }

    /** Bytes of the smallest padding parameter: type and length vints. */
    private static final int MIN_PADDING = 2;

    /** Value length of a padding parameter that adds exactly {@code bytes}, or -1 when none does. */
    static int padLength(int bytes) {
        for (int len = Math.max(0, bytes - 6); len <= bytes - MIN_PADDING; len++) {
            if (1 + io.gossippreflight.wire.codec.VInt.sizeOf(len) + len == bytes) {
                return len;
            }
        }
        return -1;
    }

    /**
     * An ACK2 carrying synthetic states of documentation endpoints, the smallest of at least
     * {@code messageBytes} bytes (whole endpoint states: it overshoots by less than one state).
     * Only for our responder, which decodes and drops it: a real node would store the states.
     */
    public static GossipDigestAck2 ack2OfSize(int messageBytes, long messageId, MessagingVersion version) {
        int k = smallestCount(messageBytes, n -> n == 0 ? new GossipDigestAck2(java.util.List.of())
                : new GossipDigestAck2(docCluster(n).states()), messageId, version);
        return k == 0 ? new GossipDigestAck2(java.util.List.of()) : new GossipDigestAck2(docCluster(k).states());
    }

    private static SyntheticCluster docCluster(int endpoints) {
        return SyntheticCluster.builder().endpoints(endpoints).tokensPerEndpoint(16)
                .firstAddress(DocumentationAddresses.endpoint(0)).build();
    }

    /** Bytes of the whole message (header and payload) carrying {@code payload}. */
    public static int messageSize(Payload payload, long messageId, MessagingVersion version) {
        return Message.gossip(messageId, 0, payload).serializedSize(version);
    }

    /**
     * Smallest n whose payload makes a message of at least {@code bytes}; sizes grow with n. Starts
     * from a linear estimate (elements are nearly equal in size) and settles with exact sizes.
     */
    static int smallestCount(int bytes, IntFunction<Payload> withCount, long id, MessagingVersion version) {
        int s0 = messageSize(withCount.apply(0), id, version);
        if (s0 >= bytes) {
            return 0;
        }
        int s1 = messageSize(withCount.apply(1), id, version);
        int per = Math.max(1, s1 - s0);
        int n = Math.max(1, (bytes - s0) / per);
        while (n > 1 && messageSize(withCount.apply(n - 1), id, version) >= bytes) {
            n = Math.max(1, n - Math.max(1, (messageSize(withCount.apply(n - 1), id, version) - bytes) / per));
        }
        while (messageSize(withCount.apply(n), id, version) < bytes) {
            n += Math.max(1, (bytes - messageSize(withCount.apply(n), id, version)) / per);
        }
        // n is large enough; step down while the one below still is
        while (n > 1 && messageSize(withCount.apply(n - 1), id, version) >= bytes) {
            n--;
        }
        return n;
    }
}
