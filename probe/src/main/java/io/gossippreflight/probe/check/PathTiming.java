package io.gossippreflight.probe.check;

import io.gossippreflight.probe.plan.ProbeTimeouts;
import io.gossippreflight.probe.socket.TcpSnapshot;
import java.time.Duration;

/**
 * The waits of a check, from the round trip the kernel measured on our first connection (TCP_INFO
 * srtt/rttvar): a value, decided once and handed to the phases that wait.
 *
 * @param srttMicros smoothed round-trip time
 * @param rttvarMicros its variation
 */
record PathTiming(long srttMicros, long rttvarMicros, ProbeTimeouts timeouts) {
    /** Before any connection: a LAN guess the first measurement replaces. */
    static PathTiming initial(ProbeTimeouts t) {
        return new PathTiming(1_000, 500, t);
    }

    static PathTiming of(TcpSnapshot tcp, ProbeTimeouts t) {
        return tcp == null ? initial(t) : new PathTiming(Math.max(1, tcp.rtt()), Math.max(1, tcp.rttvar()), t);
    }

    /** How long to wait for an acknowledgement before a search may treat a probe as tentatively lost. */
    Duration quick() {
        return timeouts.quick(srttMicros, rttvarMicros);
    }

    /**
     * The retransmission timeout a Linux sender on this path starts with: srtt plus four times the
     * variation, the variation counting at least TCP_RTO_MIN / 4 (net/ipv4/tcp_input.c tcp_rtt_estimator),
     * so never below srtt + 200 ms.
     */
    Duration rto() {
        long micros = srttMicros + Math.max(4 * rttvarMicros, ProbeTimeouts.LINUX_RTO_MIN.toNanos() / 1_000);
        return Duration.ofNanos(micros * 1_000);
    }

    /**
     * How long a hole (bytes the sender has sent, shown by later data reaching us, not arrived) may
     * stay open before it is lost rather than being repaired: time for the sender's tail-loss probe
     * and two retransmission timers (rto, then 2 × rto), plus a round trip for the last to arrive.
     */
    Duration holeWait() {
        return rto().multipliedBy(3).plus(Duration.ofNanos(srttMicros * 1_000));
    }

    /** How long the target may take to answer a message at all (processing, its connect back). */
    Duration reply() {
        return timeouts.reply().plus(quick());
    }

    long srttNanos() {
        return srttMicros * 1_000;
    }
}
