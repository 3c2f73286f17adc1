package io.gossippreflight.wire.message;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.Payload;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.gossip.GossipDigestAck2;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.GossipShutdown;
import java.util.List;
import java.util.Objects;

/**
 * A 4.0+ internode message (Cassandra 5.0.9 net/Message.java Serializer): uvint id, int createdAt
 * (low 32 bits of epoch millis), uvint expiresIn millis, uvint verb, uvint flags, params, uvint
 * payload size, payload. The verb is kept as its raw id so unknown verbs survive a round trip.
 */
public record Message(long id, int createdAtMillis, long expiresInMillis, int verbId, int flags,
                      List<Param> params, Payload payload) implements io.gossippreflight.wire.InternodeMessage {

    /** Gossip verbs expire after Cassandra's longTimeout: max(rpc timeout, 5 minutes) (net/Verb.java). */
    public static final long GOSSIP_EXPIRES_IN_MILLIS = 300_000L;
    /** ECHO and GOSSIP_SHUTDOWN use rpcTimeout, 10 s by default in Cassandra 5.0.9. */
    public static final long RPC_TIMEOUT_MILLIS = 10_000L;

    public Message {
        if (verbId < 0) {
            throw new IllegalArgumentException("verb id must be >= 0, got " + verbId);
        }
        if (expiresInMillis < 0) {
            throw new IllegalArgumentException("expiresIn must be >= 0, got " + expiresInMillis);
        }
        if (flags < 0) {
            throw new IllegalArgumentException("flags must be >= 0, got " + flags);
        }
        params = List.copyOf(params);
        Objects.requireNonNull(payload, "payload");
    }

    public Message(long id, int createdAtMillis, long expiresInMillis, Verb verb, Payload payload) {
        this(id, createdAtMillis, expiresInMillis, verb.id(), 0, List.of(), payload);
    }

    /** A gossip message with the verb that fits the payload and Cassandra's gossip expiry. */
    public static Message gossip(long id, long nowMillis, Payload payload) {
        Verb verb;
        long expires = GOSSIP_EXPIRES_IN_MILLIS;
        if (payload instanceof GossipDigestSyn) {
            verb = Verb.GOSSIP_DIGEST_SYN;
        } else if (payload instanceof GossipDigestAck) {
            verb = Verb.GOSSIP_DIGEST_ACK;
        } else if (payload instanceof GossipDigestAck2) {
            verb = Verb.GOSSIP_DIGEST_ACK2;
        } else if (payload instanceof GossipShutdown) {
            verb = Verb.GOSSIP_SHUTDOWN;
            expires = RPC_TIMEOUT_MILLIS;
        } else {
            throw new IllegalArgumentException("not a gossip payload: " + payload);
        }
        return new Message(id, (int) nowMillis, expires, verb, payload);
    }

    /** The verb, or null when the id is not in the table. */
    public Verb verb() {
        return Verb.fromId(verbId);
    }

    public String verbName() {
        return Verb.nameOf(verbId);
    }

    public Message withId(long newId) {
        return new Message(newId, createdAtMillis, expiresInMillis, verbId, flags, params, payload);
    }

    public Message withPayload(Payload newPayload) {
        return new Message(id, createdAtMillis, expiresInMillis, verbId, flags, params, newPayload);
    }

    /**
     * Exact bytes of this message at this version (header, payload size, payload); at 10 and 11 in
     * the pre-4.0 layout a 4.0 node writes to a 3.x peer, with an IPv4 sender ({@link Pre40Messages}).
     */
    public int serializedSize(MessagingVersion version) {
        return version.isModern() ? MessageSerializer.serializedSize(this, version)
                : Pre40Messages.serializedSize(this, version);
    }

    @Override
    public String toString() {
        return "Message{id=" + Long.toUnsignedString(id) + ", verb=" + verbName() + ", createdAt=" + Integer.toUnsignedString(createdAtMillis)
                + ", expiresIn=" + expiresInMillis + (flags != 0 ? ", flags=" + flags : "")
                + (params.isEmpty() ? "" : ", params=" + params) + ", payload=" + payload + "}";
    }
}
