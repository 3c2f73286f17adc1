package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import java.util.List;

/**
 * The gossip messages a cluster needs to cross the path, and whether each does.
 *
 * @param source where the sizes come from: the target's own shadow ACK, and the floor --endpoints/--tokens
 *               or cassandra.yaml set
 * @param endpoints N
 * @param tokens T per endpoint (0 when unknown)
 * @param messages each needed message with its fate
 */
public record ClusterNeeds(String source, int endpoints, int tokens, List<Needed> messages) {
    /**
     * @param direction which way it travels
     * @param name e.g. "shadow-round ACK"
     * @param bytes the message size
     * @param largestPacket the largest IP packet carrying it at the sender's own segment size
     * @param crosses whether the verdict of its direction lets that packet through
     * @param estimate the size is an estimate (not measured from the target)
     */
    public record Needed(Direction direction, String name, int bytes, int largestPacket, boolean crosses,
                         boolean estimate) {
    }

    public ClusterNeeds {
        messages = List.copyOf(messages);
    }

    public boolean allCross() {
        return messages.stream().allMatch(Needed::crosses);
    }
}
