package io.gossippreflight.analyzer.diagnose;

import java.util.List;

/**
 * One ICMP frag-needed / Packet Too Big about a direction, with places already named.
 *
 * @param router        the router that sent it, named ("198.18.1.1 (ga)")
 * @param plateau       true when the router gave no MTU and {@code mtu} is the RFC 1191 plateau
 * @param seenAt        the points that saw it, earliest first
 * @param reachedSender null when no capture at the sender
 * @param senderReacted null when it cannot be told
 * @param lost          where it died on its way back to the sender ("left ga toward ... dropped
 *                      between ga and sga"), or null
 */
record IcmpFact(String router, int ipVersion, int mtu, boolean plateau, int quotedLength, long timeNanos,
        List<String> seenAt, Boolean reachedSender, Boolean senderReacted, int learnedMss, Long quotedSeq, String lost) {
    IcmpFact {
        seenAt = List.copyOf(seenAt);
    }
}
