package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Last message of a round (Cassandra gms/GossipDigestAck2.java): int m, m x {address, EndpointState}. */
public record GossipDigestAck2(List<AddressedState> states) implements Payload {
    public static final WireSerializer<GossipDigestAck2> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(GossipDigestAck2 v, ByteBuf out, MessagingVersion version) {
            GossipLists.writeStates(v.states, out, version);
        }

        @Override
        public GossipDigestAck2 deserialize(WireInput in, MessagingVersion version) {
            return new GossipDigestAck2(GossipLists.readStates(in, version));
        }

        @Override
        public int serializedSize(GossipDigestAck2 v, MessagingVersion version) {
            return GossipLists.statesSize(v.states, version);
        }
    };

    public GossipDigestAck2 {
        states = List.copyOf(states);
    }

    public Map<InetAddressAndPort, EndpointState> stateMap() {
        Map<InetAddressAndPort, EndpointState> m = new LinkedHashMap<>();
        states.forEach(s -> m.put(s.endpoint(), s.state()));
        return m;
    }

    public int serializedSize(MessagingVersion version) {
        return SERIALIZER.serializedSize(this, version);
    }
}
