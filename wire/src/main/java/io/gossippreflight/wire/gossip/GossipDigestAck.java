package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reply to a SYN (Cassandra gms/GossipDigestAck.java): the digests the sender wants newer state
 * for, then the states it sends (int n, n digests, int m, m x {address, EndpointState}).
 */
public record GossipDigestAck(List<GossipDigest> digests, List<AddressedState> states) implements Payload {
    public static final WireSerializer<GossipDigestAck> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(GossipDigestAck v, ByteBuf out, MessagingVersion version) {
            GossipLists.writeDigests(v.digests, out, version);
            GossipLists.writeStates(v.states, out, version);
        }

        @Override
        public GossipDigestAck deserialize(WireInput in, MessagingVersion version) {
            List<GossipDigest> digests = GossipLists.readDigests(in, version);
            return new GossipDigestAck(digests, GossipLists.readStates(in, version));
        }

        @Override
        public int serializedSize(GossipDigestAck v, MessagingVersion version) {
            return GossipLists.digestsSize(v.digests, version) + GossipLists.statesSize(v.states, version);
        }
    };

    public GossipDigestAck {
        digests = List.copyOf(digests);
        states = List.copyOf(states);
    }

    /** The states as a map in wire order (a later duplicate address would replace an earlier one). */
    public Map<InetAddressAndPort, EndpointState> stateMap() {
        Map<InetAddressAndPort, EndpointState> m = new LinkedHashMap<>();
        states.forEach(s -> m.put(s.endpoint(), s.state()));
        return m;
    }

    public int serializedSize(MessagingVersion version) {
        return SERIALIZER.serializedSize(this, version);
    }
}
