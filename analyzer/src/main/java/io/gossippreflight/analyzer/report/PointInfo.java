package io.gossippreflight.analyzer.report;

/** A capture point: a capture, or one interface of it. */
public record PointInfo(String label, String capture, String iface) {
}
