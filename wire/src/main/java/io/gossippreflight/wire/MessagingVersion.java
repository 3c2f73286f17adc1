package io.gossippreflight.wire;

/**
 * Cassandra messaging versions this module speaks (Cassandra 5.0.9 net/MessagingService.java:
 * VERSION_30=10, VERSION_3014=11, VERSION_40=12, VERSION_50=13).
 */
public enum MessagingVersion {
    /** Cassandra 3.0 before 3.0.14: unframed stream, addresses without port. */
    V10(10),
    /** Cassandra 3.0.14+ and 3.11. */
    V11(11),
    /** Cassandra 4.0, 4.1 and 5.0 in its default storage_compatibility_mode. */
    V12(12),
    /** Cassandra 5.0 native (storage_compatibility_mode NONE/UPGRADING). */
    V13(13);

    private final int id;

    MessagingVersion(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** 4.0 and later: framed connections, vint message header, addresses with port. */
    public boolean isModern() {
        return id >= 12;
    }

    public static MessagingVersion of(int id) {
        for (MessagingVersion v : values()) {
            if (v.id == id) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported messaging version " + id + " (supported: 10, 11, 12, 13)");
    }

    /** The version or null when the id is not one we speak. */
    public static MessagingVersion orNull(int id) {
        for (MessagingVersion v : values()) {
            if (v.id == id) {
                return v;
            }
        }
        return null;
    }
}
