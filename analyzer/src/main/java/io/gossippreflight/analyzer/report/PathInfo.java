package io.gossippreflight.analyzer.report;

import java.util.List;

/**
 * The order in which one direction's packets crossed the capture points.
 *
 * @param basis "ttl+time" (inferred) or "given" (--path)
 * @param hops  hops from the sender at each point, same order as {@code points}
 */
public record PathInfo(String from, String to, List<String> points, List<Integer> hops, String basis) {
}
