package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.codec.ModifiedUtf8;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Objects;

/**
 * Opening message of a gossip round (Cassandra gms/GossipDigestSyn.java): writeUTF cluster name,
 * writeUTF partitioner class name, int n, n digests. An empty digest list is a shadow-round SYN.
 */
public record GossipDigestSyn(String clusterName, String partitioner, List<GossipDigest> digests) implements Payload {
    public static final WireSerializer<GossipDigestSyn> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(GossipDigestSyn v, ByteBuf out, MessagingVersion version) {
            ModifiedUtf8.write(out, v.clusterName);
            ModifiedUtf8.write(out, v.partitioner);
            GossipLists.writeDigests(v.digests, out, version);
        }

        @Override
        public GossipDigestSyn deserialize(WireInput in, MessagingVersion version) {
            String cluster = in.readUtf("cluster name");
            String partitioner = in.readUtf("partitioner");
            return new GossipDigestSyn(cluster, partitioner, GossipLists.readDigests(in, version));
        }

        @Override
        public int serializedSize(GossipDigestSyn v, MessagingVersion version) {
            return ModifiedUtf8.serializedSize(v.clusterName) + ModifiedUtf8.serializedSize(v.partitioner)
                    + GossipLists.digestsSize(v.digests, version);
        }
    };

    public GossipDigestSyn {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(partitioner, "partitioner");
        digests = List.copyOf(digests);
    }

    public int serializedSize(MessagingVersion version) {
        return SERIALIZER.serializedSize(this, version);
    }
}
