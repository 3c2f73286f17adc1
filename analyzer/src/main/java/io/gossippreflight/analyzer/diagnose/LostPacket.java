package io.gossippreflight.analyzer.diagnose;

/**
 * A packet that did not arrive: a TCP segment copy or a ping, with where it was last seen.
 *
 * @param ipLength       IP length of the (largest) wire packet
 * @param where          "between ga and gb (...)", "somewhere beyond a (never acknowledged)"
 * @param lastSeen       the point that saw it last ("ga#if2")
 * @param lastCapture    the capture of that point ("ga")
 * @param nextCapture    the capture that should have seen it next, or null
 * @param died           true when seen at {@code lastSeen} and missing further on; false when
 *                       only the sender's side saw it (never acknowledged / answered)
 * @param what           "segment" or "ping"
 * @param neverDelivered its bytes never reached the receiver by any copy
 */
record LostPacket(int ipLength, long timeNanos, String where, String lastSeen, String lastCapture, String nextCapture,
        boolean died, String what, boolean neverDelivered) {
}
