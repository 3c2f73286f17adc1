package io.gossippreflight.analyzer.report;

import java.util.List;

/**
 * An ICMP frag-needed / Packet Too Big and what it refers to.
 *
 * @param flowId        the connection it quotes, or -1
 * @param quotedStart   relative sequence of the quoted segment, or -1
 * @param reachedSender null when no capture at the sender
 * @param senderReacted null when it cannot be told
 * @param lost          when it never reached the sender, where it died on its way back ("left ga#if2
 *                      toward 198.18.1.2 (a), never seen at sga: dropped between ga and sga"), else null
 */
public record IcmpInfo(long timeNanos, int ipVersion, String router, int mtu, boolean plateau, String about,
        int flowId, long quotedStart, int quotedLength, List<String> seenAt, Boolean reachedSender,
        Boolean senderReacted, int learnedMss, String lost) {

    /** Without the place it died (none known). */
    public IcmpInfo(long timeNanos, int ipVersion, String router, int mtu, boolean plateau, String about, int flowId,
            long quotedStart, int quotedLength, List<String> seenAt, Boolean reachedSender, Boolean senderReacted,
            int learnedMss) {
        this(timeNanos, ipVersion, router, mtu, plateau, about, flowId, quotedStart, quotedLength, seenAt, reachedSender,
                senderReacted, learnedMss, null);
    }
}
