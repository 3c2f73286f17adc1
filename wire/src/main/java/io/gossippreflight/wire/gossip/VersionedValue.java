package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.ModifiedUtf8;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.codec.WireSerializer;
import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * One application state value: a modified-UTF-8 string and its version
 * (Cassandra gms/VersionedValue.java serializer: writeUTF value, int version).
 */
public record VersionedValue(String value, int version) {
    public static final WireSerializer<VersionedValue> SERIALIZER = new WireSerializer<>() {
        @Override
        public void serialize(VersionedValue v, ByteBuf out, MessagingVersion version) {
            ModifiedUtf8.write(out, v.value);
            out.writeInt(v.version);
        }

        @Override
        public VersionedValue deserialize(WireInput in, MessagingVersion version) {
            String value = in.readUtf("versioned value");
            return new VersionedValue(value, in.readInt("value version"));
        }

        @Override
        public int serializedSize(VersionedValue v, MessagingVersion version) {
            return ModifiedUtf8.serializedSize(v.value) + 4;
        }
    };

    public VersionedValue {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        String shown = value.length() > 64 ? value.substring(0, 61) + "..." : value;
        return shown + "@" + version;
    }
}
