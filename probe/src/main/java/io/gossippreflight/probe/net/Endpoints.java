package io.gossippreflight.probe.net;

import io.gossippreflight.wire.gossip.InetAddressAndPort;
import java.net.InetSocketAddress;

/** Conversions between socket addresses and gossip endpoints. */
public final class Endpoints {
    private Endpoints() {
    }

    public static InetAddressAndPort of(InetSocketAddress a) {
        return InetAddressAndPort.of(a.getAddress(), a.getPort());
    }

    public static InetSocketAddress socket(InetAddressAndPort e) {
        return new InetSocketAddress(e.address(), e.port());
    }

    /** "198.18.1.2" or "2001:db8:1::2", without port or brackets. */
    public static String host(InetSocketAddress a) {
        return io.netty.util.NetUtil.toAddressString(a.getAddress()); // RFC 5952: 2001:db8::1, not 2001:db8:0:0:...
    }
}
