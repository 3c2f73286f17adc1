package io.gossippreflight.verdict;

/**
 * The MTU plateaus of RFC 1191 section 7: when an old router's frag-needed carries MTU 0, the
 * sender assumes the next plateau below the size of the packet that was too big.
 */
public final class Rfc1191 {
    static final int[] PLATEAUS = {65535, 32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68};

    private Rfc1191() {
    }

    /** The largest plateau strictly below {@code packetLength}; 68 at the bottom. */
    public static int plateauBelow(int packetLength) {
        for (int p : PLATEAUS) {
            if (p < packetLength) {
                return p;
            }
        }
        return 68;
    }
}
