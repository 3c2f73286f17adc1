package io.gossippreflight.wire.gossip;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An address as people write it: {@code HOST}, {@code HOST:PORT}, {@code [V6]}, {@code [V6]:PORT} or a
 * bare IPv6 literal (more than one colon, so no port). HOST is an IP literal or a name. The one
 * parser of host:port in the project: seeds in cassandra.yaml, probe targets, --listen options,
 * admin requests and saved peers all come through {@link #parse}. Errors are
 * {@link IllegalArgumentException}s whose message says what is wrong with the text; callers add
 * where the text came from.
 *
 * @param host      the host without brackets
 * @param port      the port given, or the default
 * @param portGiven whether the text named a port
 */
public record HostAndPort(String host, int port, boolean portGiven) {
    /** A DNS name is at most 253 characters (RFC 1035); anything longer is not a host. */
    public static final int MAX_HOST_LENGTH = 253;

    public HostAndPort {
        Objects.requireNonNull(host, "host");
        if (host.isEmpty()) {
            throw new IllegalArgumentException("no host: write HOST[:PORT], e.g. 198.18.1.2:7000");
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw new IllegalArgumentException("host is " + host.length() + " characters, more than a name can be ("
                    + MAX_HOST_LENGTH + ")");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
    }

    /** Parses {@code text}; the port is {@code defaultPort} when the text names none. Port 0 is refused. */
    public static HostAndPort parse(String text, int defaultPort) {
        return parse(text, defaultPort, 1);
    }

    /** As {@link #parse(String, int)}, accepting ports from {@code minPort} (0 to let the kernel choose). */
    public static HostAndPort parse(String text, int defaultPort, int minPort) {
        if (text == null) {
            throw new IllegalArgumentException("no address given: write HOST[:PORT], e.g. 198.18.1.2:7000");
        }
        String s = text.trim();
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("missing ']' after the IPv6 address");
            }
            String host = s.substring(1, end);
            String rest = s.substring(end + 1);
            if (rest.isEmpty()) {
                return new HostAndPort(host, defaultPort, false);
            }
            if (!rest.startsWith(":")) {
                throw new IllegalArgumentException("expected ':PORT' after ']', got '" + rest + "'");
            }
            return new HostAndPort(host, port(rest.substring(1), minPort), true);
        }
        int colon = s.indexOf(':');
        if (colon >= 0 && colon == s.lastIndexOf(':')) {
            return new HostAndPort(s.substring(0, colon), port(s.substring(colon + 1), minPort), true);
        }
        return new HostAndPort(s, defaultPort, false); // a name, an IPv4 literal, or a bare IPv6 literal
    }

    private static int port(String p, int minPort) {
        int port;
        try {
            port = Integer.parseInt(p);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port '" + p + "' is not a number");
        }
        if (port < minPort || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is not in " + minPort + "..65535");
        }
        return port;
    }

    /** Whether the host is an IP literal (IPv4 dotted quad or IPv6), so using it needs no name lookup. */
    public boolean isLiteral() {
        return isIpLiteral(host);
    }

    /** The literal address; throws when the host is a name (nothing is looked up). */
    public InetAddressAndPort literal() {
        if (!isLiteral()) {
            throw new IllegalArgumentException("'" + host + "' is not an IP address");
        }
        return InetAddressAndPort.parse(host, port);
    }

    /** The address, looking the name up when the host is not a literal. */
    public InetAddressAndPort resolve() {
        if (isLiteral()) {
            return literal();
        }
        try {
            return InetAddressAndPort.of(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + host + "' does not resolve (" + e.getMessage()
                    + "); give an IP address or a name this host can look up");
        }
    }

    public InetSocketAddress toSocketAddress() {
        return new InetSocketAddress(resolve().address(), port);
    }

    static boolean isIpLiteral(String s) {
        if (s.contains(":")) {
            return s.matches("[0-9A-Fa-f:.]+(%[A-Za-z0-9_.-]+)?") && s.length() >= 2;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
