package io.gossippreflight.probe.check;

import io.gossippreflight.probe.Direction;
import io.gossippreflight.probe.net.ConnectionTypes;
import io.gossippreflight.probe.net.Endpoints;
import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.socket.SocketOptions;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;

/**
 * The lanes of target → us's first round — the ladder's and the anticipated bisection round's —
 * opened while the main connection connects and shakes hands, instead of after it. A lane's port,
 * our feeder's connection to the target and its handshake (which names that port) cost two round
 * trips, which the main connection's own two now hide: every answer towards us comes two round
 * trips sooner (0.6 s at 300 ms). Nothing is sent on a lane before the check knows the target is
 * a 4.0+ node without TLS (the early search's condition); otherwise, and whatever is left once the
 * first round took its lanes, they close unused. Their handshakes are the main connection's: a 3.x
 * node refuses them as it refuses that one, before the check connects again at its version.
 * All methods on the check's loop.
 */
final class LaneStarts {
    /** A lane ready to be fed: its port, and our connections to the target naming it. */
    record Opened(Listener listener, Relay relay, Link feeder, Link small) {
        void close() {
            listener.close();
            feeder.close();
            if (small != feeder) {
                small.close();
            }
        }
    }

    /** What a lane's port hears goes to the probe that took the lane (nothing comes before it did). */
    static final class Relay implements Listener.Handler {
        private Listener.Handler to;

        void to(Listener.Handler h) {
            to = h;
        }

        @Override
        public void onHandshake(Listener.Accepted c, TcpSnapshot tcp) {
            if (to != null) {
                to.onHandshake(c, tcp);
            }
        }

        @Override
        public void onMessage(Listener.Accepted c, Message m, long atNanos, TcpSnapshot tcp) {
            if (to != null) {
                to.onMessage(c, m, atNanos, tcp);
            }
        }
    }

    private record Key(int laneMss, ConnectionType type) {
    }

    private final Map<Key, Deque<CompletableFuture<Opened>>> waiting = new HashMap<>();
    private boolean closed;

    private LaneStarts() {
    }

    /** Opens the first round's lanes for {@code env}'s target. */
    static LaneStarts open(CheckEnv env) {
        LaneStarts s = new LaneStarts();
        for (int bytes : env.options().ladder()) {
            s.start(env, 0, typeOf(bytes));
        }
        int upper = InboundSearch.testable(env, InboundSearch.testableMax(env));
        for (int size : SizeSearch.anticipatedSizes(upper, env.options().parallel(),
                env.options().hint().of(Direction.INBOUND))) {
            s.start(env, env.overhead().mssForIpSize(size), ConnectionType.URGENT_MESSAGES);
        }
        return s;
    }

    /**
     * The connection a SYN asking for an answer of {@code messageBytes} travels on, as the probe will
     * find it once it has built that SYN (a mismatch only means the probe opens a lane of its own).
     */
    static ConnectionType typeOf(int messageBytes) {
        return ConnectionTypes.forGossip(messageBytes + 100);
    }

    private void start(CheckEnv env, int laneMss, ConnectionType type) {
        waiting.computeIfAbsent(new Key(laneMss, type), k -> new ArrayDeque<>()).add(openLane(env, laneMss, type, () -> true));
    }

    /**
     * A lane: its port, advertising {@code laneMss} (0: the interface's own MSS), then our feeder's
     * connection to the target naming that port, and — when the large SYN travels on a
     * large-message connection, where a real node misreads small ones (Cassandra never sends one
     * there) — a connection of their own for the small SYNs. Completes with null, the port closed,
     * when {@code wanted} says no once the port is open; when a part fails, what did open closes.
     * {@link #why} gives a failure's note.
     */
    static CompletableFuture<Opened> openLane(CheckEnv env, int laneMss, ConnectionType type, BooleanSupplier wanted) {
        Relay relay = new Relay();
        return env.net().listen(new InetSocketAddress(env.local(), 0), SocketOptions.clampMaxSeg(laneMss),
                env.options().acceptMinVersion(), env.options().maxVersion(), relay).handle((listener, e) -> {
                    if (e != null) {
                        throw new CompletionException(new PortFailure("cannot open a lane port: " + e.getMessage()));
                    }
                    return listener;
                }).thenCompose(listener -> {
                    if (!wanted.getAsBoolean()) {
                        listener.close();
                        return CompletableFuture.completedFuture(null);
                    }
                    Link.Spec spec = new Link.Spec(env.target(), env.local(), Endpoints.of(listener.localAddress()), type,
                            env.safeMss(), env.laneTimeout(), env.options().minVersion(), env.options().maxVersion());
                    CompletableFuture<Link> small = type == ConnectionType.LARGE_MESSAGES
                            ? env.net().connect(spec.withType(ConnectionType.URGENT_MESSAGES)) : null;
                    CompletableFuture<Link> feeder = env.net().connect(spec);
                    return feeder.thenCombine(small == null ? feeder : small,
                            (fl, sl) -> new Opened(listener, relay, fl, sl)).whenComplete((o, e) -> {
                                if (e != null) {
                                    listener.close();
                                    feeder.thenAccept(Link::close);
                                    if (small != null) {
                                        small.thenAccept(Link::close);
                                    }
                                }
                            });
                });
    }

    /** The note for a probe whose lane did not open ({@link #openLane}'s failure). */
    static String why(Throwable e) {
        return e.getCause() instanceof PortFailure p ? p.getMessage() : e.getMessage();
    }

    /** A lane's port could not be opened; the message says so. */
    private static final class PortFailure extends RuntimeException {
        PortFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A lane opened for this MSS and connection type, or null when none is left (or all closed):
     * the probe then opens its own. The future fails when the lane could not be opened.
     */
    CompletableFuture<Opened> take(int laneMss, ConnectionType type) {
        if (closed) {
            return null;
        }
        Deque<CompletableFuture<Opened>> q = waiting.get(new Key(laneMss, type));
        return q == null ? null : q.poll();
    }

    /** Closes every lane not taken, now or once it is open. */
    void close() {
        closed = true;
        List<CompletableFuture<Opened>> left = new ArrayList<>();
        waiting.values().forEach(left::addAll);
        waiting.clear();
        left.forEach(f -> f.thenAccept(Opened::close));
    }
}
