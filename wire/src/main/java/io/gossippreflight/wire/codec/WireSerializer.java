package io.gossippreflight.wire.codec;

import io.gossippreflight.wire.MessagingVersion;
import io.netty.buffer.ByteBuf;

/**
 * Writes, reads and sizes one wire type for a messaging version. {@link #serializedSize} is exact:
 * it equals the bytes {@link #serialize} writes.
 */
public interface WireSerializer<T> {
    void serialize(T value, ByteBuf out, MessagingVersion version);

    T deserialize(WireInput in, MessagingVersion version);

    int serializedSize(T value, MessagingVersion version);
}
