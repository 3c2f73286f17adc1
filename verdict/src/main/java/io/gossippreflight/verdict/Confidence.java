package io.gossippreflight.verdict;

/** How sure a verdict is: HIGH when packets at several points or the router's own ICMP prove it. */
public enum Confidence {
    HIGH, MEDIUM, LOW
}
