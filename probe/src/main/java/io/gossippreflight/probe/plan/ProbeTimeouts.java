package io.gossippreflight.probe.plan;

import java.time.Duration;

/**
 * How long to wait for what, from the round-trip time the kernel measured (TCP_INFO rtt/rttvar,
 * microseconds). A probe not acknowledged within {@link #quick} is tentatively lost; it is lost for
 * good only when the kernel's own retransmission (after its RTO) was not acknowledged either
 * ({@link #confirm}) — random loss recovers there, a size limit does not.
 *
 * @param floor shortest wait of any kind (scheduling noise on a busy host)
 * @param ceiling longest quick wait, however slow the path
 * @param connect how long a TCP connect and handshake may take (a lost SYN is resent after 1 s)
 * @param reply how long the target may take to process a message before it answers
 */
public record ProbeTimeouts(Duration floor, Duration ceiling, Duration connect, Duration reply) {
    public static final ProbeTimeouts DEFAULT = new ProbeTimeouts(Duration.ofMillis(25), Duration.ofSeconds(3),
            Duration.ofMillis(3_500), Duration.ofSeconds(2));

    /** Linux never retransmits sooner than this (TCP_RTO_MIN). */
    public static final Duration LINUX_RTO_MIN = Duration.ofMillis(200);

    /**
     * A probe that crossed this long after it was sent needed a retransmission on a timer: Linux
     * retransmits a lone lost segment after about TCP_RTO_MIN (its tail-loss probe and its RTO
     * both wait that long), while a healthy acknowledgement takes a round trip.
     */
    public static final Duration LATE = Duration.ofMillis(150);

    public ProbeTimeouts {
        if (floor.isNegative() || floor.isZero() || ceiling.compareTo(floor) < 0) {
            throw new IllegalArgumentException("need 0 < floor <= ceiling, got " + floor + ", " + ceiling);
        }
    }

    /** Time to wait for an acknowledgement before calling a probe tentatively lost: 4 × (srtt + 4 × rttvar). */
    public Duration quick(long rttMicros, long rttvarMicros) {
        long micros = 4 * (Math.max(0, rttMicros) + 4 * Math.max(0, rttvarMicros));
        return clamp(Duration.ofNanos(micros * 1_000), floor, ceiling);
    }

    /**
     * Time from sending until a probe still unacknowledged is lost for good: the kernel's RTO
     * (TCP_INFO rto, microseconds; at least Linux's minimum) plus one more quick wait for the
     * retransmission's acknowledgement.
     */
    public Duration confirm(long rtoMicros, long rttMicros, long rttvarMicros) {
        Duration rto = Duration.ofNanos(Math.max(0, rtoMicros) * 1_000);
        if (rto.compareTo(LINUX_RTO_MIN) < 0) {
            rto = LINUX_RTO_MIN;
        }
        return rto.plus(quick(rttMicros, rttvarMicros));
    }

    /** How long to wait for the target's answer to arrive once it was sent towards us. */
    public Duration answer(long rttMicros, long rttvarMicros) {
        return quick(rttMicros, rttvarMicros).plus(quick(rttMicros, rttvarMicros));
    }

    private static Duration clamp(Duration d, Duration min, Duration max) {
        return d.compareTo(min) < 0 ? min : d.compareTo(max) > 0 ? max : d;
    }
}
