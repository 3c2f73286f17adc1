package io.gossippreflight.probe.classify;

/** Why a probe was sent. */
public enum ProbeKind {
    /** The growing-message ladder, at the sender's own segment size. */
    LADDER,
    /** Bisection: the segment size set by MSS, to find the exact limit. */
    BISECT,
    /** The shadow round: the empty SYN a joining node sends and the seed's whole-state ACK. */
    SHADOW,
    /** DF UDP datagrams (--udp). */
    UDP
}
