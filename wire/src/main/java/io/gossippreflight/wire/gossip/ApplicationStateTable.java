package io.gossippreflight.wire.gossip;

import io.gossippreflight.wire.MessagingVersion;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static io.gossippreflight.wire.gossip.ApplicationState.*;

/**
 * Ordinal tables of {@link ApplicationState} per Cassandra release line. The same messaging
 * version 12 is spoken by 4.0, 4.1 and 5.0, whose tables differ from ordinal 19 on, so a decoder
 * is told which table to name states with; the ordinals themselves are always kept as read.
 */
public enum ApplicationStateTable {
    /** Cassandra 3.0 and 3.11 (gms/ApplicationState.java 3.11.19). */
    CASSANDRA_3(List.of(STATUS, LOAD, SCHEMA, DC, RACK, RELEASE_VERSION, REMOVAL_COORDINATOR, INTERNAL_IP,
            RPC_ADDRESS, X_11_PADDING, SEVERITY, NET_VERSION, HOST_ID, TOKENS, RPC_READY,
            X1, X2, X3, SSTABLE_VERSIONS, X5, X6, X7, X8, X9, X10)),
    /** Cassandra 4.0 (4.0.19). */
    CASSANDRA_4_0(List.of(STATUS, LOAD, SCHEMA, DC, RACK, RELEASE_VERSION, REMOVAL_COORDINATOR, INTERNAL_IP,
            RPC_ADDRESS, X_11_PADDING, SEVERITY, NET_VERSION, HOST_ID, TOKENS, RPC_READY,
            INTERNAL_ADDRESS_AND_PORT, NATIVE_ADDRESS_AND_PORT, STATUS_WITH_PORT, SSTABLE_VERSIONS,
            X1, X2, X3, X4, X5, X6, X7, X8, X9, X10)),
    /** Cassandra 4.1 (4.1.10): DISK_USAGE at 19. */
    CASSANDRA_4_1(List.of(STATUS, LOAD, SCHEMA, DC, RACK, RELEASE_VERSION, REMOVAL_COORDINATOR, INTERNAL_IP,
            RPC_ADDRESS, X_11_PADDING, SEVERITY, NET_VERSION, HOST_ID, TOKENS, RPC_READY,
            INTERNAL_ADDRESS_AND_PORT, NATIVE_ADDRESS_AND_PORT, STATUS_WITH_PORT, SSTABLE_VERSIONS,
            DISK_USAGE, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10)),
    /** Cassandra 5.0 (5.0.9): DISK_USAGE 19, INDEX_STATUS 20. */
    CASSANDRA_5_0(List.of(STATUS, LOAD, SCHEMA, DC, RACK, RELEASE_VERSION, REMOVAL_COORDINATOR, INTERNAL_IP,
            RPC_ADDRESS, X_11_PADDING, SEVERITY, NET_VERSION, HOST_ID, TOKENS, RPC_READY,
            INTERNAL_ADDRESS_AND_PORT, NATIVE_ADDRESS_AND_PORT, STATUS_WITH_PORT, SSTABLE_VERSIONS,
            DISK_USAGE, INDEX_STATUS, X1, X2, X3, X4, X5, X6, X7, X8, X9, X10));

    private final List<ApplicationState> byOrdinal;
    private final Map<ApplicationState, Integer> ordinals = new EnumMap<>(ApplicationState.class);

    ApplicationStateTable(List<ApplicationState> byOrdinal) {
        this.byOrdinal = byOrdinal;
        for (int i = 0; i < byOrdinal.size(); i++) {
            ordinals.put(byOrdinal.get(i), i);
        }
    }

    /** The table a peer of this messaging version most likely uses (5.0 for 12 and 13). */
    public static ApplicationStateTable defaultFor(MessagingVersion version) {
        return version.isModern() ? CASSANDRA_5_0 : CASSANDRA_3;
    }

    /** The state at this ordinal, or null when this release defines none there. */
    public ApplicationState state(int ordinal) {
        return ordinal >= 0 && ordinal < byOrdinal.size() ? byOrdinal.get(ordinal) : null;
    }

    /** The ordinal of the state, or -1 when this release does not define it. */
    public int ordinal(ApplicationState state) {
        Integer o = ordinals.get(state);
        return o == null ? -1 : o;
    }

    public int size() {
        return byOrdinal.size();
    }
}
