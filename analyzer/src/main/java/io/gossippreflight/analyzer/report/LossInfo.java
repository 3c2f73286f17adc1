package io.gossippreflight.analyzer.report;

import java.util.List;

/**
 * A byte range of a connection that never reached its receiver (or one that did only after
 * copies of it died), and where its copies died.
 *
 * @param lastSeen    the last capture point that saw it
 * @param nextPoint   the point that should have seen it next; null when beyond the last capture
 * @param between     "between ga and gb (...)" for people
 * @param delivered   true when a later copy got through
 * @param copyTimes   when the lost copies were sent, in order (the first {@link #MAX_COPY_TIMES})
 */
public record LossInfo(int flowId, String from, String to, long start, long end, int copies, int minIpLength,
        int maxIpLength, long firstTime, long lastTime, String lastSeen, String nextPoint, String between,
        boolean delivered, List<Long> copyTimes) {
    /** Copy times kept per range: enough to tell when the losses began. */
    public static final int MAX_COPY_TIMES = 64;

    public LossInfo {
        copyTimes = copyTimes == null ? List.of() : List.copyOf(copyTimes);
    }

    /** Without the copies' times. */
    public LossInfo(int flowId, String from, String to, long start, long end, int copies, int minIpLength,
            int maxIpLength, long firstTime, long lastTime, String lastSeen, String nextPoint, String between,
            boolean delivered) {
        this(flowId, from, to, start, end, copies, minIpLength, maxIpLength, firstTime, lastTime, lastSeen, nextPoint,
                between, delivered, List.of());
    }

    public long bytes() {
        return end - start;
    }
}
