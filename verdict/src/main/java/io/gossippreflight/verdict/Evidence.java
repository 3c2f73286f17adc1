package io.gossippreflight.verdict;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One observed fact behind a verdict: a packet lost or delivered, an ICMP message, an MSS, a
 * kernel PMTU reading, a gossip message's fate.
 *
 * @param where     the capture point ("ga", "ga#if3") or "probe"; may be null
 * @param timeNanos epoch nanoseconds, or null
 * @param summary   one line for people
 * @param facts     machine-readable details (String, Number or Boolean values), in order
 */
public record Evidence(Kind kind, String where, Long timeNanos, String summary, Map<String, Object> facts) {
    /** The kinds of fact. */
    public enum Kind {
        PACKET_LOST,
        PACKET_DELIVERED,
        RETRANSMISSIONS,
        ICMP_FRAG_NEEDED,
        ICMP_NOT_DELIVERED,
        NO_ICMP,
        SENDER_REACTED,
        SENDER_IGNORED_ICMP,
        MSS_ADVERTISED,
        MSS_REWRITTEN,
        HANDSHAKE_UNANSWERED,
        CONNECTION_REFUSED,
        CONNECTION_RESET,
        GOSSIP_MESSAGE_LOST,
        GOSSIP_MESSAGE_DELIVERED,
        GOSSIP_IGNORED,
        KERNEL_PMTU,
        PROBE_SIZE_DELIVERED,
        PROBE_SIZE_LOST,
        NOTE
    }

    public Evidence {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(summary, "summary");
        facts = facts == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(facts));
    }

    public static Evidence of(Kind kind, String where, Long timeNanos, String summary, Object... keyValues) {
        if (keyValues.length % 2 != 0) {
            throw new IllegalArgumentException("facts come in key/value pairs");
        }
        Map<String, Object> f = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object v = keyValues[i + 1];
            if (v != null) {
                f.put((String) keyValues[i], v);
            }
        }
        return new Evidence(kind, where, timeNanos, summary, f);
    }
}
