package io.gossippreflight.analyzer.report;

/** Clock offset of capture point {@code q} relative to {@code p} (θ = clock(q) − clock(p)). */
public record ClockInfo(String p, String q, long offsetNanos, boolean known, int matchedPackets) {
}
