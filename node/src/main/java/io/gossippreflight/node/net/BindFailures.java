package io.gossippreflight.node.net;

import io.gossippreflight.node.NodeEnvironmentException;
import io.gossippreflight.node.NodeInputException;
import io.netty.channel.unix.Errors;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * Turns a failed bind (Netty's native epoll error or the JDK's BindException) into a one-line
 * error naming the address and the remedy: a port held by another process is the environment
 * (exit 3), an address that is not this host's is a config mistake (exit 2).
 */
public final class BindFailures {
    /** Linux errno values (asm-generic/errno-base.h, errno.h). */
    static final int EACCES = 13;
    static final int EADDRINUSE = 98;
    static final int EADDRNOTAVAIL = 99;

    private BindFailures() {
    }

    /**
     * @param what       what was to listen ("internode connections", "the admin API")
     * @param addressKey the node.yaml key naming the address
     * @param portKey    the node.yaml key naming the port
     */
    public static RuntimeException of(Throwable e, InetSocketAddress at, String what, String addressKey, String portKey) {
        String where = (at.getAddress().getHostAddress().contains(":") ? "[" + at.getAddress().getHostAddress() + "]"
                : at.getAddress().getHostAddress()) + ":" + at.getPort();
        switch (errno(e)) {
            case EADDRINUSE:
                return new NodeEnvironmentException("cannot listen on " + where + " for " + what + ": the port is in use "
                        + "(another node or Cassandra?); stop that process or set " + portKey + " in node.yaml to a free port "
                        + "('ss -ltnp' shows who holds it)", e);
            case EADDRNOTAVAIL:
                return new NodeInputException("cannot listen on " + where + " for " + what + ": "
                        + at.getAddress().getHostAddress() + " is not an address of this host; set " + addressKey
                        + " in node.yaml to one of this host's addresses ('ip -brief addr' lists them)", e);
            case EACCES:
                return new NodeEnvironmentException("cannot listen on " + where + " for " + what + ": permission denied "
                        + "(ports below 1024 need root or CAP_NET_BIND_SERVICE); set " + portKey + " to 1024 or above", e);
            default:
                return new NodeEnvironmentException("cannot listen on " + where + " for " + what + ": " + message(e)
                        + " (check " + addressKey + " and " + portKey + " in node.yaml)", e);
        }
    }

    /** The errno of a bind failure, from Netty's native error or the JDK's message; 0 when unknown. */
    static int errno(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof Errors.NativeIoException n) {
                return Math.abs(n.expectedErr());
            }
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (m.contains("address already in use")) {
                return EADDRINUSE;
            }
            if (m.contains("cannot assign requested address")) {
                return EADDRNOTAVAIL;
            }
            if (m.contains("permission denied")) {
                return EACCES;
            }
        }
        return 0;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replaceFirst("^bind\\(\\.\\.\\) failed: ", "");
    }
}
