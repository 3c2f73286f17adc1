package io.gossippreflight.analyzer.pass;

/**
 * The last {@link #RECENT} TCP packets of a pass (hash, point, time), to tell a packet seen twice
 * from a retransmission ({@link CapturePass#DUPLICATE_NANOS}). Every TCP packet asks, and hardly
 * any is a duplicate: a count of the slots by the hash's low 6 bits answers most without comparing.
 */
final class RecentPackets {
    static final int RECENT = 8;
    private final long[] hash = new long[RECENT];
    private final long[] time = new long[RECENT];
    private final int[] point = new int[RECENT];
    private int next;
    /** Slots holding a hash with each value of its low 6 bits; the empty slots hold hash 0. */
    private final byte[] low = new byte[64];

    RecentPackets() {
        low[0] = RECENT;
    }

    /**
     * True when a packet of hash {@code h} was seen at {@code p} within {@link CapturePass#DUPLICATE_NANOS}
     * of {@code t} among the last {@link #RECENT} remembered; else remembers this one in the oldest slot.
     */
    boolean seen(long h, int p, long t) {
        if (low[(int) h & 63] != 0) {
            for (int i = 0; i < RECENT; i++) {
                if (hash[i] == h && point[i] == p && Math.abs(t - time[i]) <= CapturePass.DUPLICATE_NANOS) {
                    return true;
                }
            }
        }
        low[(int) hash[next] & 63]--;
        low[(int) h & 63]++;
        hash[next] = h;
        time[next] = t;
        point[next] = p;
        next = (next + 1) & (RECENT - 1); // RECENT is a power of two
        return false;
    }
}
