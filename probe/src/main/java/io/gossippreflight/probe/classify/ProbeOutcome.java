package io.gossippreflight.probe.classify;

/** What became of one probe. */
public enum ProbeOutcome {
    /** Acknowledged (or received) within the quick wait. */
    CROSSED,
    /** Arrived only after a retransmission: it was lost once, then got through. */
    CROSSED_LATE,
    /** Never arrived, the kernel's retransmission included. */
    LOST,
    /** Could not be sent (connect or handshake failed): says nothing about size. */
    NOT_SENT;

    public boolean crossed() {
        return this == CROSSED || this == CROSSED_LATE;
    }
}
