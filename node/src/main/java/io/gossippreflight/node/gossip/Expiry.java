package io.gossippreflight.node.gossip;

import java.util.OptionalLong;

/**
 * Time limits on gossip membership (Cassandra gms/Gossiper.java doStatusCheck): LEFT / removed
 * states carry an absolute expiry time (epoch ms) so the whole cluster forgets the endpoint at
 * once; a just-removed endpoint is quarantined (its gossip ignored) for a while; a silent
 * member without tokens (fat client) is dropped.
 */
public final class Expiry {
    /** Longest decimal a millisecond timestamp needs; longer text is not a time. */
    private static final int MAX_TIME_DIGITS = 19;

    private Expiry() {
    }

    /**
     * The expiry time carried by a STATUS value: {@code LEFT,<token>,<expireMs>} or
     * {@code removed,<hostId>,<expireMs>}; empty for other states or a malformed value.
     */
    public static OptionalLong expireTimeOf(String statusValue) {
        if (statusValue == null) {
            return OptionalLong.empty();
        }
        String[] pieces = statusValue.split(",", -1);
        if (pieces.length < 3 || !(pieces[0].equals(Status.LEFT) || pieces[0].equals(Status.REMOVED))) {
            return OptionalLong.empty();
        }
        String t = pieces[2];
        if (t.isEmpty() || t.length() > MAX_TIME_DIGITS) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(t));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A dead, non-member endpoint is evicted once the wall clock passes its expiry time. */
    public static boolean shouldEvict(boolean alive, boolean tokenOwner, long nowMillis, long expireTimeMillis) {
        return !alive && !tokenOwner && nowMillis > expireTimeMillis;
    }

    /** Quarantine ends when more than {@code delayMillis} passed since it began. */
    public static boolean quarantineOver(long nowMillis, long quarantinedAtMillis, long delayMillis) {
        return nowMillis - quarantinedAtMillis > delayMillis;
    }

    /**
     * A gossip-only member (no tokens, not in a dead state) that has not been heard from for
     * longer than its timeout is dropped; quarantined endpoints are left to their quarantine.
     */
    public static boolean fatClientExpired(boolean gossipOnlyMember, boolean quarantined,
            long silentNanos, long timeoutNanos) {
        return gossipOnlyMember && !quarantined && silentNanos > timeoutNanos;
    }
}
