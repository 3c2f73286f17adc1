package io.gossippreflight.config;

/**
 * storage_compatibility_mode (Cassandra 5.0.9 utils/StorageCompatibilityMode): CASSANDRA_4 (the
 * 5.0 default) and UPGRADING speak messaging version 12; NONE speaks 13.
 */
public enum StorageCompatibilityMode {
    CASSANDRA_4, UPGRADING, NONE;

    /** The messaging version a 5.0 node in this mode uses (Cassandra 5.0.9 net/MessagingService). */
    public int messagingVersion() {
        return this == NONE ? 13 : 12;
    }
}
