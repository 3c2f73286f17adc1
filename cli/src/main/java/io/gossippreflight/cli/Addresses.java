package io.gossippreflight.cli;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/** Parsing and printing of ADDRESS[:PORT] options ({@code [v6]:port} for IPv6). */
final class Addresses {
    static final int DEFAULT_PORT = 7000;

    private Addresses() {
    }

    /** ADDRESS[:PORT], [V6][:PORT] or a bare V6 literal; the port defaults to 7000. */
    static InetSocketAddress listen(String text, String option) {
        return listen(text, option, DEFAULT_PORT);
    }

    static InetSocketAddress listen(String text, String option, int defaultPort) {
        String s = text.trim();
        String host;
        int port = defaultPort;
        if (s.startsWith("[")) {
            int end = s.indexOf(']');
            if (end < 0) {
                throw PreflightException.usage(option + " '" + text + "': missing ']' after the IPv6 address");
            }
            host = s.substring(1, end);
            String rest = s.substring(end + 1);
            if (rest.startsWith(":")) {
                port = port(rest.substring(1), option, text);
            } else if (!rest.isEmpty()) {
                throw PreflightException.usage(option + " '" + text + "': expected ':PORT' after ']'");
            }
        } else if (s.chars().filter(c -> c == ':').count() == 1) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1), option, text);
        } else {
            host = s;
        }
        if (!NetUtil.isValidIpV4Address(host) && !NetUtil.isValidIpV6Address(host)) {
            throw PreflightException.usage(option + " '" + text + "': '" + host + "' is not an IP address");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw PreflightException.usage(option + " '" + text + "': not an IP address");
        }
    }

    private static int port(String p, String option, String text) {
        try {
            int port = Integer.parseInt(p);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw PreflightException.usage(option + " '" + text + "': port '" + p + "' is not 0..65535");
        }
    }

    static String format(InetSocketAddress a) {
        String h = NetUtil.toAddressString(a.getAddress());
        return (h.contains(":") ? "[" + h + "]" : h) + ":" + a.getPort();
    }
}
