package io.gossippreflight.cli;

import io.gossippreflight.wire.gossip.HostAndPort;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.netty.util.NetUtil;
import java.net.InetSocketAddress;

/** ADDRESS[:PORT] options ({@code [v6]:port} for IPv6), parsed by wire's {@link HostAndPort}, and their printing. */
final class Addresses {
    static final int DEFAULT_PORT = 7000;

    private Addresses() {
    }

    /** ADDRESS[:PORT], [V6][:PORT] or a bare V6 literal; the port defaults to 7000. */
    static InetSocketAddress listen(String text, String option) {
        return listen(text, option, DEFAULT_PORT);
    }

    static InetSocketAddress listen(String text, String option, int defaultPort) {
        try {
            InetAddressAndPort a = HostAndPort.parse(text, defaultPort, 0).literal();
            return new InetSocketAddress(a.address(), a.port());
        } catch (IllegalArgumentException e) {
            throw PreflightException.usage(option + " '" + text + "': " + e.getMessage());
        }
    }

    static String format(InetSocketAddress a) {
        String h = NetUtil.toAddressString(a.getAddress());
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
