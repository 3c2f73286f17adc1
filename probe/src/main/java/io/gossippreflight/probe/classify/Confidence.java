package io.gossippreflight.probe.classify;

/** How sure a finding is. */
public enum Confidence {
    /** Pinned by several independent observations (exact bisection, kernel PMTU, UDP agreeing). */
    HIGH,
    /** One consistent line of evidence, or a bracket rather than an exact value. */
    MEDIUM,
    /** Few probes, or evidence that is only indirect. */
    LOW
}
