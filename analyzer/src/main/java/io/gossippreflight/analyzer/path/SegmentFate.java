package io.gossippreflight.analyzer.path;

import io.gossippreflight.analyzer.flow.Transmission;

/**
 * What became of one transmission: delivered, or died between two points.
 *
 * @param firstPoint the point nearest the sender that saw it
 * @param lastSeen   the furthest point that saw it
 * @param nextPoint  the first point that should have seen it and did not; -1 when it died
 *                   beyond the last capture point, or for {@link Kind#DELIVERED}
 */
public record SegmentFate(Connection connection, int direction, HostDirection hostDirection, Transmission transmission,
        int firstPoint, int lastSeen, int nextPoint, Kind kind) {

    /** The kinds of fate. */
    public enum Kind {
        /** It arrived (acknowledged, or seen at the receiver's side). */
        DELIVERED,
        /** Seen up to {@code lastSeen}, never at {@code nextPoint}. */
        DIED,
        /** One capture point only: sent, never acknowledged although the peer kept talking. */
        NOT_ACKNOWLEDGED,
        /** Still in flight when a capture ended, or no acknowledgements visible. */
        UNKNOWN
    }

    public boolean lost() {
        return kind == Kind.DIED || kind == Kind.NOT_ACKNOWLEDGED;
    }
}
