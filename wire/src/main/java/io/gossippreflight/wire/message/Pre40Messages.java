package io.gossippreflight.wire.message;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.codec.ModifiedUtf8;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.List;

/**
 * A 4.0+ {@link Message} carried to and from a 3.x peer, as a 4.0 node does towards one (Cassandra
 * 4.0.19 net/Message.java serializeHeaderPre40): the same id, creation time, verb and payload in the
 * pre-4.0 layout of {@link LegacyMessage}, with the sender's address in the header. Parameters
 * travel under the key {@code "x-" + type} (3.x reads every parameter into a map by name and
 * ignores names it does not know: 3.11.19 net/MessageIn.read), so padding and our responder's
 * reports keep their meaning between our own ends and cost the same bytes every time.
 */
public final class Pre40Messages {
    /** Key prefix of a 4.0+ parameter carried over a pre-4.0 connection. */
    public static final String KEY_PREFIX = "x-";
    /**
     * Sizes of a {@link Message} at versions 10 and 11 are counted with an IPv4 sender (its address
     * takes 5 bytes in the header); an IPv6 sender's header is {@link #IPV6_EXTRA} bytes longer.
     */
    public static final int IPV6_EXTRA = 12;
    private static final int IPV4_ADDRESS_BYTES = 5;

    private Pre40Messages() {
    }

    /** {@code m} as its sender {@code from} writes it to a 3.x peer. */
    public static LegacyMessage toLegacy(Message m, InetAddressAndPort from) {
        List<LegacyParam> params = new ArrayList<>(m.params().size());
        java.util.Set<Integer> types = new java.util.HashSet<>();
        for (Param p : m.params()) {
            if (!types.add(p.type())) {
                // 3.x builds an ImmutableMap of the names: a name twice fails the whole connection there
                throw new IllegalArgumentException("parameter type " + p.type() + " twice: a 3.x peer cannot read that");
            }
            params.add(new LegacyParam(KEY_PREFIX + p.type(), p.value()));
        }
        return new LegacyMessage((int) m.id(), m.createdAtMillis(), from, legacyVerb(m.verbId()), params, m.payload());
    }

    /**
     * What a 3.x peer sent, as a 4.0+ message: parameters of ours come back under their type, 3.x's
     * own (forwarding, tracing) are left out; a REQUEST_RESPONSE without payload is an ECHO_RSP (3.x
     * answers ECHO with an empty REQUEST_RESPONSE, 3.11.19 service/EchoVerbHandler.java).
     */
    public static Message toModern(LegacyMessage m) {
        List<Param> params = new ArrayList<>();
        for (LegacyParam p : m.params()) {
            Integer type = paramType(p.key());
            if (type != null) {
                params.add(new Param(type, p.value()));
            }
        }
        int verb = modernVerb(m.verbOrdinal(), m.payload() instanceof NoPayload);
        LegacyVerb lv = m.verb();
        long expires = lv != null && lv.isGossip() && lv != LegacyVerb.GOSSIP_SHUTDOWN ? Message.GOSSIP_EXPIRES_IN_MILLIS
                : Message.RPC_TIMEOUT_MILLIS;
        return new Message(Integer.toUnsignedLong(m.messageId()), m.timestampMillis(), expires, verb, 0, params,
                m.payload());
    }

    /** Bytes of {@code m} in the pre-4.0 layout with an IPv4 sender (add {@link #IPV6_EXTRA} for IPv6). */
    public static int serializedSize(Message m, MessagingVersion version) {
        if (version.isModern()) {
            throw new IllegalArgumentException("messaging version " + version.id() + " uses the 4.0+ message format");
        }
        int size = 4 + 4 + 4 + IPV4_ADDRESS_BYTES + 4 + 4;
        for (Param p : m.params()) {
            size += paramSize(p.type(), p.length());
        }
        return size + 4 + MessageSerializer.payloadSize(m.payload(), version);
    }

    /** Bytes one parameter of this type and value length takes in the pre-4.0 header. */
    public static int paramSize(int type, int valueLength) {
        return ModifiedUtf8.serializedSize(KEY_PREFIX + type) + 4 + valueLength;
    }

    /** The 3.x verb ordinal for a 4.0+ verb id (3.11.19 net/MessagingService.Verb; responses are REQUEST_RESPONSE). */
    static int legacyVerb(int verbId) {
        Verb v = Verb.fromId(verbId);
        if (v == null) {
            return verbId;
        }
        return switch (v) {
            case GOSSIP_DIGEST_SYN -> LegacyVerb.GOSSIP_DIGEST_SYN.ordinal();
            case GOSSIP_DIGEST_ACK -> LegacyVerb.GOSSIP_DIGEST_ACK.ordinal();
            case GOSSIP_DIGEST_ACK2 -> LegacyVerb.GOSSIP_DIGEST_ACK2.ordinal();
            case GOSSIP_SHUTDOWN -> LegacyVerb.GOSSIP_SHUTDOWN.ordinal();
            case ECHO_REQ -> LegacyVerb.ECHO.ordinal();
            case SCHEMA_PULL_REQ -> LegacyVerb.MIGRATION_REQUEST.ordinal();
            case PING_REQ -> LegacyVerb.PING.ordinal();
            case ECHO_RSP, REQUEST_RSP, SCHEMA_PULL_RSP -> LegacyVerb.REQUEST_RESPONSE.ordinal();
            default -> verbId;
        };
    }

    static int modernVerb(int ordinal, boolean emptyPayload) {
        LegacyVerb v = LegacyVerb.fromOrdinal(ordinal);
        if (v == null) {
            return ordinal;
        }
        return switch (v) {
            case GOSSIP_DIGEST_SYN -> Verb.GOSSIP_DIGEST_SYN.id();
            case GOSSIP_DIGEST_ACK -> Verb.GOSSIP_DIGEST_ACK.id();
            case GOSSIP_DIGEST_ACK2 -> Verb.GOSSIP_DIGEST_ACK2.id();
            case GOSSIP_SHUTDOWN -> Verb.GOSSIP_SHUTDOWN.id();
            case ECHO -> Verb.ECHO_REQ.id();
            case MIGRATION_REQUEST -> Verb.SCHEMA_PULL_REQ.id();
            case PING -> Verb.PING_REQ.id();
            case REQUEST_RESPONSE -> emptyPayload ? Verb.ECHO_RSP.id() : Verb.REQUEST_RSP.id();
            default -> ordinal;
        };
    }

    private static Integer paramType(String key) {
        if (!key.startsWith(KEY_PREFIX) || key.length() > KEY_PREFIX.length() + 3) {
            return null;
        }
        try {
            int t = Integer.parseInt(key.substring(KEY_PREFIX.length()));
            return t >= 0 && t <= 255 ? t : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
