package io.gossippreflight.analyzer.report;

/** One line of the timeline (times on the clock of the first capture). */
public record TimelineEvent(long timeNanos, String where, String text) {
}
