package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.message.RawPayload;
import java.nio.ByteBuffer;
import java.util.UUID;

/**
 * What our node says about schema: it holds none, and says so in Cassandra's own terms. It
 * advertises the version Cassandra computes for an empty schema (the version a fresh Cassandra
 * node advertises before it pulls one), answers a schema pull with no mutations and a schema
 * version request with that version.
 *
 * <p>Why: a bootstrapping Cassandra 5.0.9 node waits until it has received the schema of every
 * version gossip shows for a token owner (schema/MigrationCoordinator.awaitSchemaRequests). A
 * version equal to its own still-empty one counts as received at once, and a pull of it that is
 * answered, even with nothing, counts as received too. An unanswered pull never does.
 */
public final class EmptySchema {
    /**
     * Cassandra 5.0.9 schema/SchemaConstants.emptyVersion: {@code UUID.nameUUIDFromBytes} of the
     * MD5 digest of no bytes (db/Digest.forSchema); shown as "(empty)" in Cassandra's own logs.
     */
    public static final UUID VERSION = UUID.fromString("59adb24e-f3cd-3e02-97f0-5b395827453f");

    private EmptySchema() {
    }

    /** SCHEMA_PULL_RSP payload: a mutation count of 0 (Cassandra 5.0.9 schema/SchemaMutationsSerializer). */
    public static RawPayload pullResponse() {
        return new RawPayload(new byte[4]);
    }

    /** SCHEMA_VERSION_RSP payload: {@link #VERSION} as two longs (Cassandra 5.0.9 utils/UUIDSerializer). */
    public static RawPayload versionResponse() {
        return new RawPayload(ByteBuffer.allocate(16).putLong(VERSION.getMostSignificantBits())
                .putLong(VERSION.getLeastSignificantBits()).array());
    }
}
