package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;

/** Generation and heartbeat version of an endpoint (Cassandra gms/HeartBeatState.java: two ints). */
public record HeartBeatState(int generation, int version) {
    public static final int SERIALIZED_SIZE = 8;

    public static final WireSerializer<HeartBeatState> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(HeartBeatState v, ByteBuf out, MessagingVersion version) {
            out.writeInt(v.generation);
            out.writeInt(v.version);
        }

        @Override
        public HeartBeatState deserialize(WireInput in, MessagingVersion version) {
            int generation = in.readInt("heartbeat generation");
            return new HeartBeatState(generation, in.readInt("heartbeat version"));
        }

        @Override
        public int serializedSize(HeartBeatState v, MessagingVersion version) {
            return SERIALIZED_SIZE;
        }
    };

    public HeartBeatState withVersion(int newVersion) {
        return new HeartBeatState(generation, newVersion);
    }
}
