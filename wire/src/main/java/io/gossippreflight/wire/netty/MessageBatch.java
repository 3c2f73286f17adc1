package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.message.Message;
import java.util.List;

/** Messages to be packed together into as few self-contained frames as fit (Cassandra packs this way). */
public record MessageBatch(List<Message> messages) {
    public MessageBatch {
        messages = List.copyOf(messages);
    }
}
