package io.gossippreflight.analyzer.report;

/**
 * One packet for the size charts of a report: a sample of what a direction sent (seen at the
 * capture point nearest its sender), or a copy that died on the way.
 *
 * @param timeNanos on the clock of the first capture
 * @param from      sending address, as in {@link io.gossippreflight.verdict.PathVerdict#from()}
 * @param to        receiving address
 * @param ipLength  IP total length
 * @param lost      true for a copy that died (every one, up to a cap); false for the sample of sent packets
 */
public record SizePoint(long timeNanos, String from, String to, int ipLength, boolean lost) {
}
