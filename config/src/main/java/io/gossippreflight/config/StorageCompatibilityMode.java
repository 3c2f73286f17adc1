package io.gossippreflight.config;

/**
 * storage_compatibility_mode (Cassandra 5.0.9 utils/StorageCompatibilityMode): CASSANDRA_4 (the
 * 5.0 default) speaks messaging version 12; UPGRADING and NONE speak 13 (net/MessagingService
 * current_version: 12 only while the mode {@code isBefore(5)}, and UPGRADING's major is
 * Integer.MAX_VALUE - 1). Every mode accepts 12 and up.
 */
public enum StorageCompatibilityMode {
    CASSANDRA_4, UPGRADING, NONE;

    /** The messaging version a 5.0 node in this mode uses (Cassandra 5.0.9 net/MessagingService). */
    public int messagingVersion() {
        return this == CASSANDRA_4 ? 12 : 13;
    }
}
