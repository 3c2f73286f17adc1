package io.gossippreflight.probe.plan;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.synthetic.SyntheticCluster;

/**
 * The gossip messages a cluster of N endpoints × T tokens sends, with their exact sizes from the
 * wire serializers. The shadow-round ACK (a seed's whole state) is what a joining node must
 * receive; the full ACK2 is the largest a node sends.
 *
 * @param endpoints N
 * @param tokens T per endpoint
 * @param shadowSyn the joining node's first SYN (no digests)
 * @param syn a SYN listing every endpoint
 * @param shadowAck the seed's answer to the shadow SYN: every endpoint state
 * @param ack2 an ACK2 carrying every endpoint state
 */
public record ClusterMessages(int endpoints, int tokens, int shadowSyn, int syn, int shadowAck, int ack2) {
    /** Message id used for sizing: a two-byte vint, as after a node's first few dozen messages. */
    private static final long SIZING_ID = 1_000;

    /** Sizes for a cluster like Cassandra 5.0.9 builds it (wire's synthetic cluster). */
    public static ClusterMessages of(int endpoints, int tokens, String clusterName, String partitioner,
            MessagingVersion version) {
        SyntheticCluster c = SyntheticCluster.builder().endpoints(endpoints).tokensPerEndpoint(tokens)
                .clusterName(clusterName).partitioner(partitioner).build();
        return new ClusterMessages(endpoints, tokens,
                ProbeMessages.messageSize(c.shadowSyn(), SIZING_ID, version),
                ProbeMessages.messageSize(c.syn(), SIZING_ID, version),
                ProbeMessages.messageSize(c.shadowAck(), SIZING_ID, version),
                ProbeMessages.messageSize(c.ack2(), SIZING_ID, version));
    }

    /** Largest message the target sends us (the shadow ACK). */
    public int largestInbound() {
        return shadowAck;
    }

    /** Largest message we send the target (a full SYN or ACK2). */
    public int largestOutbound() {
        return Math.max(syn, ack2);
    }
}
