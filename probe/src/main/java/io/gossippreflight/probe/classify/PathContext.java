package io.gossippreflight.probe.classify;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.plan.PacketOverhead;
import java.util.Objects;

/**
 * Where a verdict's fixes go: our side of the path and the target's, as far as they are known.
 *
 * @param localAddress our address on the path (what the target connects back to)
 * @param localInterface our interface towards the target (from the route), or null
 * @param localGateway our next hop towards the target, or null when on-link
 * @param targetAddress the target's address
 * @param targetInterface the target's interface towards us, when its responder said, or null
 * @param overhead IPv4 or IPv6
 * @param port the gossip port (storage_port)
 */
public record PathContext(String localAddress, String localInterface, String localGateway, String targetAddress,
                          String targetInterface, PacketOverhead overhead, int port) {
    public PathContext {
        Objects.requireNonNull(localAddress, "localAddress");
        Objects.requireNonNull(targetAddress, "targetAddress");
        Objects.requireNonNull(overhead, "overhead");
    }

    public boolean ipv6() {
        return overhead == PacketOverhead.IPV6;
    }

    public int ipVersion() {
        return ipv6() ? 6 : 4;
    }

    /** The host that sends in {@code d}. */
    public String sender(Direction d) {
        return d == Direction.OUTBOUND ? localAddress : targetAddress;
    }

    /** The host that receives in {@code d}. */
    public String receiver(Direction d) {
        return d == Direction.OUTBOUND ? targetAddress : localAddress;
    }
}
