package io.gossippreflight.node.gossip;

import java.util.List;
import java.util.Set;

/**
 * STATUS / STATUS_WITH_PORT values and the classes of state Cassandra derives from them
 * (gms/VersionedValue.java constants, gms/Gossiper.java DEAD_STATES and friends). A status
 * value is {@code NAME[,arg...]}; only the name decides the class.
 */
public final class Status {
    public static final String BOOT = "BOOT";
    public static final String BOOT_REPLACE = "BOOT_REPLACE";
    public static final String NORMAL = "NORMAL";
    public static final String LEAVING = "LEAVING";
    public static final String LEFT = "LEFT";
    public static final String MOVING = "MOVING";
    public static final String REMOVING = "removing";
    public static final String REMOVED = "removed";
    public static final String HIBERNATE = "hibernate";
    public static final String SHUTDOWN = "shutdown";
    /** Prefix of the REMOVAL_COORDINATOR value. */
    public static final String REMOVER = "REMOVER";

    /** States of endpoints that are gone or going: never marked alive, eventually evicted. */
    public static final Set<String> DEAD = Set.of(REMOVING, REMOVED, LEFT, HIBERNATE);
    /** States in which a stopping node does not announce its shutdown. */
    public static final Set<String> SILENT_SHUTDOWN = Set.of(REMOVING, REMOVED, LEFT, HIBERNATE, BOOT, BOOT_REPLACE);
    public static final Set<String> BOOTSTRAPPING = Set.of(BOOT, BOOT_REPLACE);
    /**
     * States that make an endpoint a ring member (a token owner). LEFT / removed end membership;
     * shutdown and other states leave it as it was (a stopped node still owns its tokens).
     */
    public static final Set<String> JOINS_RING = Set.of(NORMAL, LEAVING, MOVING);
    public static final Set<String> LEAVES_RING = Set.of(LEFT, REMOVED);

    private Status() {
    }

    /** The status name of a STATUS value ("" for null or empty). */
    public static String name(String statusValue) {
        if (statusValue == null || statusValue.isEmpty()) {
            return "";
        }
        int comma = statusValue.indexOf(',');
        return comma < 0 ? statusValue : statusValue.substring(0, comma);
    }

    /** The comma-separated pieces of a status value. */
    public static List<String> pieces(String statusValue) {
        return statusValue == null ? List.of() : List.of(statusValue.split(",", -1));
    }

    public static boolean isDead(String statusValue) {
        return DEAD.contains(name(statusValue));
    }

    public static boolean isSilentShutdown(String statusValue) {
        return SILENT_SHUTDOWN.contains(name(statusValue));
    }

    public static boolean isBootstrapping(String statusValue) {
        return BOOTSTRAPPING.contains(name(statusValue));
    }

    public static boolean isShutdown(String statusValue) {
        return SHUTDOWN.equals(name(statusValue));
    }

    // value builders (VersionedValue.VersionedValueFactory layouts)

    public static String normal(String firstToken) {
        return NORMAL + "," + firstToken;
    }

    public static String boot(String firstToken) {
        return BOOT + "," + firstToken;
    }

    public static String leaving(String firstToken) {
        return LEAVING + "," + firstToken;
    }

    public static String left(String firstToken, long expireTimeMillis) {
        return LEFT + "," + firstToken + "," + expireTimeMillis;
    }

    public static String removing(String hostId) {
        return REMOVING + "," + hostId;
    }

    public static String removed(String hostId, long expireTimeMillis) {
        return REMOVED + "," + hostId + "," + expireTimeMillis;
    }

    public static String removalCoordinator(String hostId) {
        return REMOVER + "," + hostId;
    }

    public static String shutdown() {
        return SHUTDOWN + ",true";
    }
}
