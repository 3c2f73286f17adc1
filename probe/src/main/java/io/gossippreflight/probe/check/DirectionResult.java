package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.classify.ProbeRecord;
import java.util.List;

/**
 * What the search of one direction found.
 *
 * @param probes every probe sent this way, with its fate
 * @param learnedPmtu the smallest path MTU the sender's kernel showed (ours from TCP_INFO; the
 *                    target's inferred from the segments it sent), MAX_VALUE when none below its MTU
 * @param testableMax the largest IP packet this direction could test at all: the sender's MTU,
 *                    less when Linux caps a TCP segment (32,767 bytes) or when the MSS our kernel
 *                    advertises is capped by a path MTU it learned before the check
 * @param exactMillis when the limit was pinned (from the check's start), -1 when it never was
 * @param notes observations for the report
 */
record DirectionResult(Direction direction, List<ProbeRecord> probes, int learnedPmtu, int testableMax,
                       long exactMillis, List<String> notes) {
    DirectionResult {
        probes = List.copyOf(probes);
        notes = List.copyOf(notes);
    }

    static DirectionResult none(Direction d, String note) {
        return new DirectionResult(d, List.of(), Integer.MAX_VALUE, 0, -1, note == null ? List.of() : List.of(note));
    }
}
