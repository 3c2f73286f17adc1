package io.gossippreflight.node.gossip;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.util.Arrays;
import java.util.Comparator;

/** A total order on addresses (IPv4 before IPv6, then bytes, then port), for deterministic iteration. */
public final class Addresses {
    public static final Comparator<InetAddressAndPort> ORDER = (a, b) -> {
        byte[] x = a.addressBytes();
        byte[] y = b.addressBytes();
        if (x.length != y.length) {
            return Integer.compare(x.length, y.length);
        }
        int c = Arrays.compareUnsigned(x, y);
        return c != 0 ? c : Integer.compare(a.port(), b.port());
    };

    private Addresses() {
    }
}
