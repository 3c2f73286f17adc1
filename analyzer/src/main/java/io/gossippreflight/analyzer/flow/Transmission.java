package io.gossippreflight.analyzer.flow;

/**
 * One transmission of a TCP byte range at one capture point whose fate needs deciding across
 * points: it was retransmitted, is itself a retransmission, or was never acknowledged. Clean
 * first transmissions that were acknowledged are only counted, never kept.
 *
 * @param start        relative sequence of the first byte
 * @param end          relative sequence after the last byte
 * @param timeNanos    capture timestamp at this point
 * @param ipLength     IP total length of the packet as captured (may be a TSO/GRO super-segment)
 * @param ipId         IPv4 identification, or -1
 * @param wireSegments how many wire packets this packet stands for (1 unless a super-segment)
 * @param headerBytes  IP + TCP header bytes of each wire packet
 * @param tsVal        TCP timestamp value, or 0
 * @param retransmission true when some of its bytes had been seen here before
 * @param outcome      what this point saw happen to it
 */
public record Transmission(long start, long end, long timeNanos, int ipLength, int ipId, int wireSegments,
        int headerBytes, int tsVal, boolean retransmission, Outcome outcome) {

    /** What one capture point saw happen to a transmission. */
    public enum Outcome {
        /** Acknowledged and never sent again: it (or an identical copy) arrived. */
        ACKED,
        /** Sent again later: this copy was probably lost (or the resend was spurious). */
        SUPERSEDED,
        /** Never acknowledged by the end of the capture. */
        UNACKED
    }

    public int payloadLength() {
        return (int) (end - start);
    }

    /** The IP length of the largest wire packet this transmission became. */
    public int wireIpLength() {
        if (wireSegments <= 1) {
            return ipLength;
        }
        return headerBytes + (int) ((end - start + wireSegments - 1) / wireSegments);
    }

    public boolean superSegment() {
        return wireSegments > 1;
    }
}
