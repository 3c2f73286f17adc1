package io.gossippreflight.analyzer.diagnose;

/**
 * A packet that did not arrive: a TCP segment copy or a ping, with where it was last seen.
 *
 * @param ipLength  IP length of the (largest) wire packet
 * @param died      true when seen at {@code lastSeen} and missing at {@code nextPoint}; false
 *                  when only the sender's side saw it (never acknowledged / answered)
 * @param nextPoint -1 when beyond the last capture point
 * @param what      "segment" or "ping"
 */
record LostPacket(int ipLength, long timeNanos, int firstPoint, int lastSeen, int nextPoint, boolean died, String what) {
}
