package io.gossippreflight.probe.plan;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.synthetic.SyntheticCluster;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Padding;
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
     * A SYN of documentation digests of exactly {@code messageBytes} bytes: digests for the bulk
     * (15 bytes each), wire's {@link Padding} parameter (a type Cassandra 4.0–5.0 skip unread) for
     * the rest. Null when {@code messageBytes} is below the smallest such SYN.
     */
    public static Message synMessageOfExactSize(String clusterName, String partitioner, int messageBytes, long messageId,
            int createdAt, MessagingVersion version) {
        GossipDigestSyn empty = new GossipDigestSyn(clusterName, partitioner, java.util.List.of());
        int base = Message.gossip(messageId, createdAt, empty).serializedSize(version);
        if (messageBytes < base) {
            return null;
        }
        // digests up to a little below the target (padding needs 0 or at least 2 bytes), then pad
        for (int k = Math.max(0, (messageBytes - base - 2) / 15); k >= 0; k--) {
            Message m = Message.gossip(messageId, createdAt, new GossipDigestSyn(clusterName, partitioner,
                    DocumentationAddresses.digests(k)));
            int size = m.serializedSize(version);
            if (size == messageBytes) {
                return m;
            }
            if (size + 2 <= messageBytes) {
                try {
                    return Padding.toSize(m, messageBytes, version);
                } catch (IllegalArgumentException unreachable) {
                    // this count cannot be padded to the byte: one digest fewer
                }
            }
        }
        return null;
    }

    /**
     * A SYN of exactly {@code messageBytes} bytes that LZ4 cannot shrink: one documentation digest
     * (so it is no shadow-round request and the ACK that answers it stays small) and random padding,
     * so over LZ4 frames it travels raw and its wire size is the message plus the frame overhead.
     * Null when {@code messageBytes} is below the smallest such SYN.
     */
    public static Message incompressibleSyn(String clusterName, String partitioner, int messageBytes, long messageId,
            int createdAt, MessagingVersion version) {
        Message m = Message.gossip(messageId, createdAt, new GossipDigestSyn(clusterName, partitioner,
                DocumentationAddresses.digests(1)));
        int base = m.serializedSize(version);
        if (messageBytes == base) {
            return m;
        }
        if (messageBytes < base + 2) {
            return null;
        }
        // seeded by the size: the same rung is the same bytes on every run
        java.util.Random random = new java.util.Random(messageBytes);
        if (messageBytes - base <= INCOMPRESSIBLE_PADDING) {
            return Padding.toSize(m, messageBytes, version, random);
        }
        // a large message's header (and so its padding) must fit its first frame: the bulk is digests of
        // documentation endpoints with random generations and versions (unknown endpoints to the target,
        // so it only requests them), which LZ4 shrinks by a few per cent; the sender counts the exact wire bytes
        for (int k = Math.max(1, (messageBytes - base - INCOMPRESSIBLE_PADDING / 2) / 15); k >= 1; k--) {
            random.setSeed(messageBytes + 31L * k);
            java.util.List<io.gossippreflight.wire.gossip.GossipDigest> digests = new java.util.ArrayList<>(k);
            for (io.gossippreflight.wire.gossip.GossipDigest d : DocumentationAddresses.digests(k)) {
                digests.add(new io.gossippreflight.wire.gossip.GossipDigest(d.endpoint(), random.nextInt() & 0x7fffffff,
                        random.nextInt() & 0x7fffffff));
            }
            Message big = Message.gossip(messageId, createdAt, new GossipDigestSyn(clusterName, partitioner, digests));
            int size = big.serializedSize(version);
            if (size == messageBytes) {
                return big;
            }
            if (messageBytes - size > INCOMPRESSIBLE_PADDING) {
                break;
            }
            if (size + 2 <= messageBytes) {
                try {
                    return Padding.toSize(big, messageBytes, version, random);
                } catch (IllegalArgumentException unreachable) {
                    // this count cannot be padded to the byte: one digest fewer
                }
            }
        }
        return null;
    }

    /** Random padding that keeps a large message's header inside its first 32 KiB frame (with room for the rest). */
    static final int INCOMPRESSIBLE_PADDING = 16_384;

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
