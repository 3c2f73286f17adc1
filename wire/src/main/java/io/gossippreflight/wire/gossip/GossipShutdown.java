package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;

/**
 * GOSSIP_SHUTDOWN payload. From messaging version 13 it carries the leaving node's EndpointState;
 * before that the payload is empty (Cassandra 5.0.9 gms/GossipShutdown.java), so {@code state}
 * is null and nothing is written.
 */
public record GossipShutdown(EndpointState state) implements Payload {
    public static final GossipShutdown EMPTY = new GossipShutdown(null);

    public static final WireSerializer<GossipShutdown> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(GossipShutdown v, ByteBuf out, MessagingVersion version) {
            if (carriesState(version)) {
                if (v.state == null) {
                    throw new IllegalArgumentException("GOSSIP_SHUTDOWN at messaging version " + version.id()
                            + " needs an EndpointState");
                }
                EndpointState.SERIALIZER.serialize(v.state, out, version);
            }
        }

        @Override
        public GossipShutdown deserialize(WireInput in, MessagingVersion version) {
            return carriesState(version) ? new GossipShutdown(EndpointState.SERIALIZER.deserialize(in, version)) : EMPTY;
        }

        @Override
        public int serializedSize(GossipShutdown v, MessagingVersion version) {
            if (!carriesState(version)) {
                return 0;
            }
            if (v.state == null) {
                throw new IllegalArgumentException("GOSSIP_SHUTDOWN at messaging version " + version.id()
                        + " needs an EndpointState");
            }
            return v.state.serializedSize(version);
        }
    };

    public static boolean carriesState(MessagingVersion version) {
        return version.id() >= MessagingVersion.V13.id();
    }
}
