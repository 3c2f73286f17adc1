package io.gossippreflight.probe.check;

import io.gossippreflight.probe.ProbeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * A target as given on the command line: {@code HOST}, {@code HOST:PORT}, {@code [V6]:PORT} or a
 * bare IPv6 literal. The port defaults to Cassandra's storage_port, 7000.
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
        String s = text.trim();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw ProbeException.usage("target '" + text + "': missing ']' after the IPv6 address");
            }
            String host = s.substring(1, end);
            String rest = s.substring(end + 1);
            if (rest.isEmpty()) {
                return new TargetSpec(host, defaultPort);
            }
            if (!rest.startsWith(":")) {
                throw ProbeException.usage("target '" + text + "': expected ':PORT' after ']'");
            }
            return new TargetSpec(host, port(rest.substring(1), text));
        }
        int colons = s.length() - s.replace(":", "").length();
        if (colons == 1) {
            int i = s.indexOf(':');
            return new TargetSpec(s.substring(0, i), port(s.substring(i + 1), text));
        }
        return new TargetSpec(s, defaultPort); // a name, an IPv4 address, or a bare IPv6 literal
    }

    private static int port(String p, String text) {
        try {
            return Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw ProbeException.usage("target '" + text + "': port '" + p + "' is not a number");
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
