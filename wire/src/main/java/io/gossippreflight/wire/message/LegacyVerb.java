package io.gossippreflight.wire.message;

/**
 * Verb ordinals of the pre-4.0 message header (Cassandra 3.11.19 net/MessagingService.java Verb,
 * deprecated entries included because they hold their ordinals).
 */
public enum LegacyVerb {
    MUTATION, HINT, READ_REPAIR, READ, REQUEST_RESPONSE, BATCH_STORE, BATCH_REMOVE, STREAM_REPLY, STREAM_REQUEST,
    RANGE_SLICE, BOOTSTRAP_TOKEN, TREE_REQUEST, TREE_RESPONSE, JOIN, GOSSIP_DIGEST_SYN, GOSSIP_DIGEST_ACK,
    GOSSIP_DIGEST_ACK2, DEFINITIONS_ANNOUNCE, DEFINITIONS_UPDATE, TRUNCATE, SCHEMA_CHECK, INDEX_SCAN,
    REPLICATION_FINISHED, INTERNAL_RESPONSE, COUNTER_MUTATION, STREAMING_REPAIR_REQUEST, STREAMING_REPAIR_RESPONSE,
    SNAPSHOT, MIGRATION_REQUEST, GOSSIP_SHUTDOWN, _TRACE, ECHO, REPAIR_MESSAGE, PAXOS_PREPARE, PAXOS_PROPOSE,
    PAXOS_COMMIT, PAGED_RANGE, PING, UNUSED_2, UNUSED_3, UNUSED_4, UNUSED_5;

    private static final LegacyVerb[] VALUES = values();

    /** The verb with this ordinal, or null. */
    public static LegacyVerb fromOrdinal(int ordinal) {
        return ordinal >= 0 && ordinal < VALUES.length ? VALUES[ordinal] : null;
    }

    public static String nameOf(int ordinal) {
        LegacyVerb v = fromOrdinal(ordinal);
        return v != null ? v.name() : "VERB_" + ordinal;
    }

    public boolean isGossip() {
        return this == GOSSIP_DIGEST_SYN || this == GOSSIP_DIGEST_ACK || this == GOSSIP_DIGEST_ACK2 || this == GOSSIP_SHUTDOWN;
    }
}
