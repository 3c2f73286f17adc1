package io.gossippreflight.probe.check;

import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.wire.gossip.HostAndPort;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A target as given on the command line: {@code HOST}, {@code HOST:PORT}, {@code [V6]:PORT} or a
 * bare IPv6 literal (parsed by wire's {@link HostAndPort}). The port defaults to Cassandra's storage_port, 7000.
 */
public record TargetSpec(String host, int port) {
    public static final int DEFAULT_PORT = 7000;

    public TargetSpec {
        if (host == null || host.isBlank()) {
            throw ProbeException.usage("empty target: give HOST[:PORT], e.g. 198.18.1.2:7000");
        }
        if (port < 1 || port > 65535) {
            throw ProbeException.usage("target port " + port + " is out of range: use 1..65535");
        }
    }

    public static TargetSpec parse(String text, int defaultPort) {
        try {
            HostAndPort h = HostAndPort.parse(text, defaultPort);
            return new TargetSpec(h.host(), h.port());
        } catch (IllegalArgumentException e) {
            throw ProbeException.usage("target '" + text + "': " + e.getMessage() + " (give HOST[:PORT], e.g. 198.18.1.2:7000)");
        }
    }

    /** Resolves the host (a literal is not looked up). */
    public InetSocketAddress resolve() {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw ProbeException.usage("target '" + host + "' does not resolve: give an IP address or a name this host can look up");
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
