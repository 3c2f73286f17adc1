package io.gossippreflight.probe.socket;

import io.gossippreflight.probe.ProbeException;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;

/**
 * The probe needs Linux epoll: TCP_INFO, TCP_MAXSEG and IP_MTU_DISCOVER are read and set
 * through it. One place creates the event loops and says what to do when epoll is missing.
 */
public final class ProbeNetty {
    private ProbeNetty() {
    }

    /** Fails with the remedy unless Netty's native epoll transport loads here. */
    public static void requireEpoll() {
        if (!Epoll.isAvailable()) {
            Throwable cause = Epoll.unavailabilityCause();
            throw ProbeException.environment("the probe needs Linux with Netty's native epoll transport (TCP_INFO, "
                    + "TCP_MAXSEG, IP_MTU_DISCOVER): " + (cause == null ? "not available" : cause.getMessage())
                    + "; run it on Linux x86_64/aarch64 with the bundled preflight.jar", cause);
        }
    }

    /** Event loops on daemon threads named after {@code purpose}. */
    public static EventLoopGroup eventLoops(int threads, String purpose) {
        requireEpoll();
        return new EpollEventLoopGroup(threads, new DefaultThreadFactory(purpose, true));
    }
}
