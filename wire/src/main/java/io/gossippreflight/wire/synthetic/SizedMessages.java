package io.gossippreflight.wire.synthetic;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Padding;
import java.util.ArrayList;
import java.util.List;

/**
 * Gossip messages of an exact serialized size. A SYN grows by digests for made-up endpoints in
 * 198.19.0.0/16 (inside the benchmarking range the project owns), then by a padding parameter for
 * the last few bytes. A Cassandra seed answers such a SYN with an ACK that asks for each unknown
 * endpoint (a digest with version 0, Cassandra 5.0.9 gms/GossipDigestSynVerbHandler.java), so the
 * answer grows too, and no state is created for them.
 */
public final class SizedMessages {
    private SizedMessages() {
    }

    /** The smallest SYN this cluster name and partitioner make (no digests). */
    public static int minimumSynSize(String clusterName, String partitioner, long id, long nowMillis, MessagingVersion v) {
        return Message.gossip(id, nowMillis, new GossipDigestSyn(clusterName, partitioner, List.of())).serializedSize(v);
    }

    /**
     * A SYN of exactly {@code messageSize} bytes at version {@code v}: the minimum, or at least
     * 2 bytes more. Digest addresses count up from 198.19.0.1 (port 7000); generation and version
     * are 1 so a receiver asks for them.
     */
    public static Message syn(String clusterName, String partitioner, long id, long nowMillis, int messageSize, MessagingVersion v) {
        int min = minimumSynSize(clusterName, partitioner, id, nowMillis, v);
        if (messageSize < min || messageSize == min + 1) {
            throw new IllegalArgumentException("a SYN for cluster '" + clusterName + "' is " + min + " bytes or at least "
                    + (min + 2) + ", not " + messageSize);
        }
        int digestSize = new GossipDigest(address(0), 1, 1).endpoint().serializedSize(v) + 8;
        int n = Math.max(0, (messageSize - min - 2) / digestSize);
        if (n > 65_000) {
            throw new IllegalArgumentException("a SYN of " + messageSize + " bytes needs more than 65,000 made-up digests");
        }
        while (true) {
            List<GossipDigest> digests = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                digests.add(new GossipDigest(address(i), 1, 1));
            }
            Message m = Message.gossip(id, nowMillis, new GossipDigestSyn(clusterName, partitioner, digests));
            int rest = messageSize - m.serializedSize(v);
            if (rest == 0) {
                return m;
            }
            if (rest >= 2) {
                return Padding.toSize(m, messageSize, v);
            }
            n--; // the payload size vint grew a byte: one digest fewer, more padding
        }
    }

    private static InetAddressAndPort address(int i) {
        int host = i + 1; // 198.19.0.1 upwards, skipping nothing: 198.19.0.0/16 has room for 65,000
        return InetAddressAndPort.of(new byte[] {(byte) 198, 19, (byte) (host >>> 8), (byte) host}, 7000);
    }
}
