package io.gossippreflight.analyzer.report;

import java.util.List;

/**
 * An ICMP frag-needed / Packet Too Big and what it refers to.
 *
 * @param flowId        the connection it quotes, or -1
 * @param quotedStart   relative sequence of the quoted segment, or -1
 * @param reachedSender null when no capture at the sender
 * @param senderReacted null when it cannot be told
 */
public record IcmpInfo(long timeNanos, int ipVersion, String router, int mtu, boolean plateau, String about,
        int flowId, long quotedStart, int quotedLength, List<String> seenAt, Boolean reachedSender,
        Boolean senderReacted, int learnedMss) {
}
