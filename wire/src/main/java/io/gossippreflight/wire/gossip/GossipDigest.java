package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** Endpoint, generation and highest version known (Cassandra gms/GossipDigest.java). */
public record GossipDigest(InetAddressAndPort endpoint, int generation, int maxVersion) {
    public static final WireSerializer<GossipDigest> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(GossipDigest v, ByteBuf out, MessagingVersion version) {
            InetAddressAndPort.SERIALIZER.serialize(v.endpoint, out, version);
            out.writeInt(v.generation);
            out.writeInt(v.maxVersion);
        }

        @Override
        public GossipDigest deserialize(WireInput in, MessagingVersion version) {
            InetAddressAndPort ep = InetAddressAndPort.SERIALIZER.deserialize(in, version);
            int generation = in.readInt("digest generation");
            return new GossipDigest(ep, generation, in.readInt("digest max version"));
        }

        @Override
        public int serializedSize(GossipDigest v, MessagingVersion version) {
            return v.endpoint.serializedSize(version) + 8;
        }
    };

    /** Smallest digest on the wire (IPv4 without port + two ints). */
    static final int MIN_SIZE = 5 + 8;

    public GossipDigest {
        Objects.requireNonNull(endpoint, "endpoint");
    }
}
