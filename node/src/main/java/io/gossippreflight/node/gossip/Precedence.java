package io.gossippreflight.node.gossip;

/**
 * Which of two views of one endpoint wins, as Cassandra decides (gms/Gossiper.java
 * applyStateLocally): a higher generation (the endpoint restarted) replaces everything; within
 * one generation the higher max version brings newer states; anything else is stale. A
 * generation too far ahead of our own wall clock is treated as corruption and ignored.
 */
public final class Precedence {
    /** The decision for one remote view against the local one. */
    public enum Outcome {
        /** We know nothing of the endpoint: take the remote view whole. */
        NEW_ENDPOINT,
        /** Remote generation is higher: a restart (or a forced generation) — replace our view. */
        NEWER_GENERATION,
        /** Same generation, remote has newer versions: merge the newer states in. */
        NEWER_VERSION,
        /** Same generation and max version: nothing to do. */
        SAME,
        /** Remote is older (lower generation, or same generation and lower version): ignore. */
        STALE,
        /** Remote generation exceeds our clock by more than the allowed difference: ignore and warn. */
        INVALID_GENERATION
    }

    private Precedence() {
    }

    /**
     * @param localKnown        whether we hold a view of the endpoint at all
     * @param localGeneration   our view's generation
     * @param localMaxVersion   our view's highest version (heartbeat or any state)
     * @param remoteGeneration  the remote view's generation
     * @param remoteMaxVersion  the remote view's highest version
     * @param nowSeconds        our wall clock, in seconds (generations are start times in seconds)
     * @param maxDifferenceSeconds how far ahead of {@code nowSeconds} a generation may be
     */
    public static Outcome compare(boolean localKnown, int localGeneration, int localMaxVersion,
            int remoteGeneration, int remoteMaxVersion, long nowSeconds, long maxDifferenceSeconds) {
        if (!localKnown) {
            return Outcome.NEW_ENDPOINT;
        }
        if (remoteGeneration > nowSeconds + maxDifferenceSeconds) {
            return Outcome.INVALID_GENERATION;
        }
        if (remoteGeneration > localGeneration) {
            return Outcome.NEWER_GENERATION;
        }
        if (remoteGeneration < localGeneration) {
            return Outcome.STALE;
        }
        if (remoteMaxVersion > localMaxVersion) {
            return Outcome.NEWER_VERSION;
        }
        return remoteMaxVersion == localMaxVersion ? Outcome.SAME : Outcome.STALE;
    }

    /** True when a state with {@code remoteVersion} replaces ours (absent, or strictly newer). */
    public static boolean stateIsNewer(Integer localVersion, int remoteVersion) {
        return localVersion == null || localVersion < remoteVersion;
    }
}
