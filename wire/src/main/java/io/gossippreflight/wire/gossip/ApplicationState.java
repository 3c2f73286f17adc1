package io.gossippreflight.wire.gossip;

/**
 * Every gossip application state name any supported Cassandra release defines. The number on the
 * wire (the ordinal) depends on the release, not on the messaging version: see
 * {@link ApplicationStateTable} (Cassandra gms/ApplicationState.java, 3.11.19 / 4.0.19 / 4.1.10 / 5.0.9).
 */
public enum ApplicationState {
    STATUS,
    LOAD,
    SCHEMA,
    DC,
    RACK,
    RELEASE_VERSION,
    REMOVAL_COORDINATOR,
    INTERNAL_IP,
    RPC_ADDRESS,
    X_11_PADDING,
    SEVERITY,
    NET_VERSION,
    HOST_ID,
    TOKENS,
    RPC_READY,
    INTERNAL_ADDRESS_AND_PORT,
    NATIVE_ADDRESS_AND_PORT,
    STATUS_WITH_PORT,
    SSTABLE_VERSIONS,
    DISK_USAGE,
    INDEX_STATUS,
    X1, X2, X3, X4, X5, X6, X7, X8, X9, X10
}
