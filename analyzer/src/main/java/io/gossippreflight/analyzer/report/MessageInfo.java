package io.gossippreflight.analyzer.report;

/**
 * One internode message decoded from a reassembled gossip stream, and its fate.
 *
 * @param digests   gossip digests carried (SYN/ACK), or -1
 * @param states    endpoint states carried (ACK/ACK2), or -1
 * @param fate      "delivered", "died between ga and gb", "unknown (capture ended)"
 * @param note      "shadow round", "schema pull", ... or null
 * @param clusterName  SYN only: the cluster name it carries, else null
 * @param partitioner  SYN only: the partitioner class, else null
 * @param payloadError why the payload did not decode (its header did: verb, id and size are known),
 *                     else null; {@code digests}, {@code states}, {@code clusterName} are then unknown
 */
public record MessageInfo(long timeNanos, int flowId, String from, String to, String verb, long id, int size,
        long streamStart, long streamEnd, int digests, int states, String fate, boolean delivered, String note,
        String clusterName, String partitioner, String payloadError) {

    public MessageInfo(long timeNanos, int flowId, String from, String to, String verb, long id, int size,
            long streamStart, long streamEnd, int digests, int states, String fate, boolean delivered, String note,
            String clusterName, String partitioner) {
        this(timeNanos, flowId, from, to, verb, id, size, streamStart, streamEnd, digests, states, fate, delivered, note,
                clusterName, partitioner, null);
    }

    /** True when the payload decoded (its counts and names can be trusted). */
    public boolean payloadDecoded() {
        return payloadError == null;
    }
}
