package io.gossippreflight.analyzer.gossip;

/**
 * One internode message decoded at one capture point, kept small: what it is, where it sits in
 * the stream and what it carried. Payloads are not kept.
 *
 * @param start         stream offset (relative sequence) of its first byte
 * @param end           stream offset after the frame that completed it: [start, end) had to arrive
 * @param timeNanos     when the packet completing it passed this point
 * @param digests       gossip digests (SYN, ACK), else -1
 * @param states        endpoint states (ACK, ACK2, SHUTDOWN), else -1
 * @param clusterName   SYN only, else null
 * @param partitioner   SYN only, else null
 */
public record GossipMessage(long start, long end, long timeNanos, String verb, long id, int size, int digests,
        int states, String clusterName, String partitioner, String payloadError) {

    public boolean isShadowSyn() {
        return "GOSSIP_DIGEST_SYN".equals(verb) && digests == 0;
    }
}
