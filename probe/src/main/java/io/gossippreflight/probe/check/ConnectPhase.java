package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.LinkFailure;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.ConnectionType;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The first connection to the target's gossip port and its handshake, as a joining node opens it
 * (advertising our main port): either connected, or the reason the check ends here.
 */
final class ConnectPhase {
    /** Connected: the link, the version the handshake settled on, the kernel's view right after. */
    record Connected(Link main, MessagingVersion version, TcpSnapshot atConnect, PathTiming timing) {
    }

    /** The check cannot go on: what the path or the port is, and why. */
    record Stopped(PathStatus status, String why) {
    }

    /** Exactly one of the two is set. */
    record Result(Connected connected, Stopped stopped) {
    }

    private ConnectPhase() {
    }

    static CompletableFuture<Result> run(CheckEnv env) {
        Link.Spec spec = new Link.Spec(env.target(), env.local(), env.main(), ConnectionType.URGENT_MESSAGES, 0,
                env.options().timeouts().connect(), env.options().minVersion(), env.options().maxVersion());
        return env.net().connect(spec).handle((link, e) -> {
            if (e == null) {
                TcpSnapshot tcp = link.tcp();
                PathTiming timing = PathTiming.of(tcp, env.options().timeouts());
                env.say(String.format(java.util.Locale.ROOT, "connected from %s, messaging version %d, rtt %.2f ms",
                        io.netty.util.NetUtil.toAddressString(env.local()), link.version().id(),
                        timing.srttMicros() / 1000.0));
                return CompletableFuture.completedFuture(new Result(new Connected(link, link.version(), tcp, timing), null));
            }
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (!(c instanceof LinkFailure f)) {
                return CompletableFuture.<Result>failedFuture(c);
            }
            return failed(env, f);
        }).thenCompose(f -> f);
    }

    private static CompletableFuture<Result> failed(CheckEnv env, LinkFailure f) {
        switch (f.kind()) {
            case REFUSED:
                return stopped(PathStatus.REFUSED, f.getMessage());
            case UNREACHABLE:
                return stopped(PathStatus.UNREACHABLE, f.getMessage());
            case TLS_FAILED:
                return stopped(PathStatus.TLS_FAILED, "TLS with " + env.label() + " failed, " + f.tls().kind().label()
                        + ": " + f.getMessage());
            default:
                break;
        }
        if (f.looksLikeTls()) {
            return stopped(PathStatus.TLS_EXPECTED, env.label() + " answered our handshake with a TLS record: it expects "
                    + "internode encryption (server_encryption_options); this probe speaks the unencrypted protocol");
        }
        env.say("handshake failed (" + f.getMessage() + "); asking whether the port speaks TLS");
        return env.net().speaksTls(env.target(), env.options().timeouts().connect()).thenApply(tls -> tls
                ? new Result(null, new Stopped(PathStatus.TLS_EXPECTED, env.label() + " answers a TLS ClientHello: it "
                        + "expects internode encryption (server_encryption_options); this probe speaks the unencrypted "
                        + "protocol"))
                : new Result(null, new Stopped(PathStatus.NOT_GOSSIP, notGossip(env, f))));
    }

    /** A port that is not a Cassandra 4.0+ internode port, said the way the peer behaved. */
    private static String notGossip(CheckEnv env, LinkFailure f) {
        String how = switch (f.kind()) {
            case CLOSED_IN_HANDSHAKE -> "it accepted the connection and closed it without answering our handshake";
            case HANDSHAKE_TIMEOUT -> "it accepted the connection and never answered our handshake";
            default -> "it answered our handshake with something else (" + f.getMessage() + ")";
        };
        return env.label() + " is not a Cassandra 4.0+ internode port, or has no messaging version in common with us "
                + "(we offer " + env.options().minVersion().id() + ".." + env.options().maxVersion().id() + "): " + how
                + "; check the address and storage_port";
    }

    private static CompletableFuture<Result> stopped(PathStatus s, String why) {
        return CompletableFuture.completedFuture(new Result(null, new Stopped(s, why)));
    }
}
