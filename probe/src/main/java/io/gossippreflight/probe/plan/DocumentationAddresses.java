package io.gossippreflight.probe.plan;

import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.ArrayList;
import java.util.List;

/**
 * Endpoints from the IPv4 documentation ranges (RFC 5737: 192.0.2.0/24, 198.51.100.0/24,
 * 203.0.113.0/24). A seed asked about them only asks back (Cassandra 5.0.9 gms/Gossiper.java
 * examineGossiper: an unknown endpoint is requested, nothing is stored), so SYNs naming them are
 * safe to send to a production cluster and make its ACK grow with them.
 */
public final class DocumentationAddresses {
    private static final int[][] RANGES = {{192, 0, 2}, {198, 51, 100}, {203, 0, 113}};
    private static final int HOSTS_PER_RANGE = 254;
    private static final int FIRST_PORT = 7000;
    /** Distinct endpoints available: every host of the three ranges on ports 7000..65535. */
    public static final long CAPACITY = (long) RANGES.length * HOSTS_PER_RANGE * (65536 - FIRST_PORT);

    private DocumentationAddresses() {
    }

    /** The {@code index}-th endpoint: hosts .1-.254 of each range, then the next port. */
    public static InetAddressAndPort endpoint(long index) {
        if (index < 0 || index >= CAPACITY) {
            throw new IllegalArgumentException("documentation endpoint index " + index + " out of 0.." + (CAPACITY - 1));
        }
        long block = index / HOSTS_PER_RANGE;
        int host = (int) (index % HOSTS_PER_RANGE) + 1;
        int[] range = RANGES[(int) (block % RANGES.length)];
        int port = FIRST_PORT + (int) (block / RANGES.length);
        byte[] addr = {(byte) range[0], (byte) range[1], (byte) range[2], (byte) host};
        return InetAddressAndPort.of(addr, port);
    }

    /** {@code count} digests naming documentation endpoints, generation 1, version 1. */
    public static List<GossipDigest> digests(int count) {
        List<GossipDigest> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(new GossipDigest(endpoint(i), 1, 1));
        }
        return out;
    }

    /** True when {@code endpoint} is an IPv4 address inside one of the documentation ranges. */
    public static boolean isDocumentation(InetAddressAndPort endpoint) {
        byte[] a = endpoint.addressBytes();
        if (a.length != 4) {
            return false;
        }
        for (int[] r : RANGES) {
            if ((a[0] & 0xFF) == r[0] && (a[1] & 0xFF) == r[1] && (a[2] & 0xFF) == r[2]) {
                return true;
            }
        }
        return false;
    }
}
