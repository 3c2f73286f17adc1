package io.gossippreflight.node.net;

import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.probe.net.tls.InternodeTls;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.Objects;
import java.util.function.Function;

/**
 * What the transport's connections look like: Cassandra's per-peer choices ({@link InternodePolicy}:
 * LZ4 or CRC frames, TLS or not, messaging versions), the TLS contexts when any connection may use
 * TLS, and where peers sit (DC and RACK from gossip) for the {@code dc}/{@code rack} modes.
 *
 * @param policy     the choices, from cassandra.yaml
 * @param tls        TLS contexts, null when no connection uses TLS
 * @param listener   what the listening port accepts
 * @param placements a peer's DC and RACK as gossip knows them (fields null while unknown)
 */
public record Security(InternodePolicy policy, InternodeTls tls, InternodePolicy.ListenerTls listener,
        Function<InetAddressAndPort, Placement> placements) {

    /** Plain CRC frames at messaging version 12, no TLS: Cassandra 5.0.9's defaults. */
    public static final Security PLAIN = new Security(InternodePolicy.DEFAULTS, null, InternodePolicy.ListenerTls.NONE,
            ep -> Placement.UNKNOWN);

    public Security {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(placements, "placements");
        if (tls == null && (listener != InternodePolicy.ListenerTls.NONE || policy.encryption().enabled())) {
            throw new IllegalArgumentException("TLS asked for without TLS contexts");
        }
    }

    /** The same with another source of placements (the gossiper's view, once it exists). */
    public Security withPlacements(Function<InetAddressAndPort, Placement> p) {
        return new Security(policy, tls, listener, p);
    }

    /** Where a peer sits; dc and rack are null while gossip has not told us. */
    public record Placement(String dc, String rack) {
        public static final Placement UNKNOWN = new Placement(null, null);
    }
}
