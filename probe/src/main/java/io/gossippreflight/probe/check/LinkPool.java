package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Link;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Connections for outbound probes, opened before any large message crosses either way. A
 * target whose kernel learns a smaller path MTU (from our probes towards us drawing ICMP) then
 * advertises a smaller MSS on new connections, which would hide a black hole in our direction;
 * connections set up before keep the MSS both kernels had at the start. Used on the check's loop.
 */
final class LinkPool {
    private final CheckEnv env;
    private final TargetKind kind;
    private final Map<ConnectionType, Deque<CompletableFuture<Link>>> ready = new EnumMap<>(ConnectionType.class);
    private final List<CompletableFuture<Link>> all = new ArrayList<>();

    LinkPool(CheckEnv env, TargetKind kind) {
        this.env = env;
        this.kind = kind;
    }

    /** Opens {@code count} connections of {@code type} now; completes when all are up (or failed). */
    CompletableFuture<Void> prefill(ConnectionType type, int count) {
        List<CompletableFuture<Link>> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Link> f = open(type);
            ready.computeIfAbsent(type, t -> new ArrayDeque<>()).add(f);
            opened.add(f);
        }
        return CompletableFuture.allOf(opened.stream().map(f -> f.handle((l, e) -> null)).toArray(CompletableFuture[]::new));
    }

    /** A connection opened before, or a new one when none is left. */
    CompletableFuture<Link> take(ConnectionType type) {
        Deque<CompletableFuture<Link>> q = ready.get(type);
        CompletableFuture<Link> f = q == null ? null : q.poll();
        return f != null ? f : open(type);
    }

    private CompletableFuture<Link> open(ConnectionType type) {
        Link.Spec spec = new Link.Spec(env.target(), env.local(), env.sink(), type, 0, env.laneTimeout(),
                env.options().minVersion(), env.options().maxVersion());
        // Only small messages need the warm-up, and a real node misreads a small message on a
        // large-message connection (Cassandra never sends one there), so those get none.
        CompletableFuture<Link> f = env.net().connect(spec);
        if (type != ConnectionType.LARGE_MESSAGES) {
            f = f.thenApply(this::warm);
        }
        all.add(f);
        return f;
    }

    /**
     * Sends an ECHO_REQ at once. The target's kernel answered our handshake with data (its
     * Accept), which puts it in delayed-ACK ("pingpong") mode: a probe would wait up to 40 ms for
     * its acknowledgement. The first delayed ACK ends that mode, so by the time a probe goes out
     * the target acknowledges at once.
     */
    private Link warm(Link link) {
        Message echo = new Message(env.nextId(), env.millisNow(), Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ,
                NoPayload.INSTANCE);
        SafetyPolicy.check(echo, kind);
        link.send(echo);
        return link;
    }

    /** Closes every connection still open (those never used included). */
    void close() {
        all.forEach(f -> f.thenAccept(Link::close));
    }
}
