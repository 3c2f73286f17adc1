package io.gossippreflight.wire.message;

import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.List;
import java.util.Objects;

/**
 * A pre-4.0 message as Cassandra 3.0/3.11 writes it on its unframed stream (3.11.19
 * net/OutboundTcpConnection.writeInternal, MessageOut.serialize): int magic 0xCA552DFA, int id,
 * int timestamp (low 32 bits of epoch millis), sender address without port, int verb ordinal,
 * int param count, params, int payload size, payload.
 */
public record LegacyMessage(int messageId, int timestampMillis, InetAddressAndPort from, int verbOrdinal,
                            List<LegacyParam> params, Payload payload) implements InternodeMessage {
    public LegacyMessage {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(payload, "payload");
        params = List.copyOf(params);
        if (verbOrdinal < 0) {
            throw new IllegalArgumentException("verb ordinal must be >= 0, got " + verbOrdinal);
        }
    }

    public LegacyMessage(int messageId, int timestampMillis, InetAddressAndPort from, LegacyVerb verb, Payload payload) {
        this(messageId, timestampMillis, from, verb.ordinal(), List.of(), payload);
    }

    @Override
    public long id() {
        return messageId;
    }

    public LegacyVerb verb() {
        return LegacyVerb.fromOrdinal(verbOrdinal);
    }

    @Override
    public String verbName() {
        return LegacyVerb.nameOf(verbOrdinal);
    }

    public int serializedSize(MessagingVersion version) {
        return LegacyMessageSerializer.serializedSize(this, version);
    }
}
