package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** The two lists gossip messages share: digests and addressed endpoint states (int count first). */
final class GossipLists {
    private GossipLists() {
    }

    static void writeDigests(List<GossipDigest> digests, ByteBuf out, MessagingVersion version) {
        out.writeInt(digests.size());
        for (GossipDigest d : digests) {
            GossipDigest.SERIALIZER.serialize(d, out, version);
        }
    }

    static List<GossipDigest> readDigests(WireInput in, MessagingVersion version) {
        int n = in.readCount(GossipDigest.MIN_SIZE, "digests");
        List<GossipDigest> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(GossipDigest.SERIALIZER.deserialize(in, version));
        }
        return list;
    }

    static int digestsSize(List<GossipDigest> digests, MessagingVersion version) {
        int size = 4;
        for (GossipDigest d : digests) {
            size += GossipDigest.SERIALIZER.serializedSize(d, version);
        }
        return size;
    }

    static void writeStates(List<AddressedState> states, ByteBuf out, MessagingVersion version) {
        out.writeInt(states.size());
        for (AddressedState s : states) {
            InetAddressAndPort.SERIALIZER.serialize(s.endpoint(), out, version);
            EndpointState.SERIALIZER.serialize(s.state(), out, version);
        }
    }

    static List<AddressedState> readStates(WireInput in, MessagingVersion version) {
        int n = in.readCount(AddressedState.MIN_SIZE, "endpoint states");
        List<AddressedState> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            InetAddressAndPort ep = InetAddressAndPort.SERIALIZER.deserialize(in, version);
            list.add(new AddressedState(ep, EndpointState.SERIALIZER.deserialize(in, version)));
        }
        return list;
    }

    static int statesSize(List<AddressedState> states, MessagingVersion version) {
        int size = 4;
        for (AddressedState s : states) {
            size += s.endpoint().serializedSize(version) + s.state().serializedSize(version);
        }
        return size;
    }
}
