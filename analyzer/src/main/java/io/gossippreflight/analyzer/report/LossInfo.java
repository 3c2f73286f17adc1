package io.gossippreflight.analyzer.report;

/**
 * A byte range of a connection that never reached its receiver (or one that did only after
 * copies of it died), and where its copies died.
 *
 * @param lastSeen    the last capture point that saw it
 * @param nextPoint   the point that should have seen it next; null when beyond the last capture
 * @param between     "between ga and gb (...)" for people
 * @param delivered   true when a later copy got through
 */
public record LossInfo(int flowId, String from, String to, long start, long end, int copies, int minIpLength,
        int maxIpLength, long firstTime, long lastTime, String lastSeen, String nextPoint, String between,
        boolean delivered) {

    public long bytes() {
        return end - start;
    }
}
