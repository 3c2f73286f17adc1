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
    record Connected(Link main, MessagingVersion version, TcpSnapshot atConnect, PathTiming timing, String note) {
        Connected(Link main, MessagingVersion version, TcpSnapshot atConnect, PathTiming timing) {
            this(main, version, atConnect, timing, null);
        }

        Connected withNote(String n) {
            return new Connected(main, version, atConnect, timing, n);
        }
    }

    /** The check cannot go on: what the path or the port is, and why. */
    /** Why the check stopped; {@code inboundOnly}: the status is the target → us direction's, ours is untested. */
    record Stopped(PathStatus status, String why, boolean inboundOnly) {
        Stopped(PathStatus status, String why) {
            this(status, why, false);
        }
    }

    /** Exactly one of the two is set. */
    record Result(Connected connected, Stopped stopped) {
    }

    private ConnectPhase() {
    }

    /**
     * How long the second handshake may take when the first went unanswered: a node paused for
     * a collection, or starved on a busy host, answers late; a port that is no gossip port never.
     */
    static final java.time.Duration PATIENT_HANDSHAKE = java.time.Duration.ofSeconds(10);

    static CompletableFuture<Result> run(CheckEnv env) {
        return run(env, true, env.options().timeouts().connect());
    }

    /** {@code retryStalls} false: a stalled TLS handshake is reported as such, not tried again. */
    private static CompletableFuture<Result> run(CheckEnv env, boolean retryStalls, java.time.Duration timeout) {
        Link.Spec spec = new Link.Spec(env.target(), env.local(), env.main(), ConnectionType.URGENT_MESSAGES, 0,
                timeout, env.options().minVersion(), env.options().maxVersion());
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
            if (!retryStalls && (f.kind() == LinkFailure.Kind.TLS_STALLED || f.kind() == LinkFailure.Kind.TLS_UNANSWERED)) {
                return stopped(PathStatus.INCONCLUSIVE, STALLED + f.getMessage());
            }
            if (f.kind() == LinkFailure.Kind.HANDSHAKE_TIMEOUT && timeout.compareTo(PATIENT_HANDSHAKE) < 0) {
                env.say(f.getMessage() + "; trying once more, waiting up to " + PATIENT_HANDSHAKE.toSeconds()
                        + " s (a paused or overloaded node answers late)");
                return run(env, retryStalls, PATIENT_HANDSHAKE);
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
            case TLS_STALLED:
                return tlsStalled(env, f, true);
            case TLS_UNANSWERED:
                return tlsStalled(env, f, false);
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

    /**
     * Our TLS handshake stalled after part of the target's answer (its certificates: a few KiB in
     * segments of our MSS). Tried again advertising the smallest MSS: if it then completes, segments
     * above that size from the target are lost without ICMP — a black hole target → us that stops
     * every TLS handshake at the natural MSS, which is all a node on this path would see.
     */
    private static CompletableFuture<Result> tlsStalled(CheckEnv env, LinkFailure f, boolean inbound) {
        int smallMss = env.overhead().mssForIpSize(env.overhead().minimumMtu());
        int smallIp = env.overhead().minimumMtu();
        env.say(f.getMessage() + "; trying again advertising MSS " + smallMss);
        Link.Spec small = new Link.Spec(env.target(), env.local(), env.main(), ConnectionType.URGENT_MESSAGES, smallMss,
                env.options().timeouts().connect(), env.options().minVersion(), env.options().maxVersion());
        return env.net().connect(small).handle((link, e) -> {
            if (e != null) {
                return CompletableFuture.completedFuture(new Result(null, new Stopped(PathStatus.INCONCLUSIVE,
                        "the TLS handshake with " + env.label() + " stalled (" + f.getMessage() + "), also at MSS "
                                + smallMss + ": the target is slow to answer TLS, or its answer is lost on the way", false)));
            }
            link.close();
            // once more at the natural MSS: a seed that was only slow (a pause) now answers, and the check goes on;
            // where the TLS client can resume, every later connection does, each from a session of its own, so a
            // hole that only a full handshake's flight meets is measured through TLS like any other
            boolean resumes = env.net().resumeTls(env.target(), link.version(), smallMss);
            env.say("the TLS handshake completes at MSS " + smallMss + "; trying the natural MSS once more"
                    + (resumes ? ", and from now on each connection resumes a TLS session of its own (the target's "
                    + "TLS answer is then a few hundred bytes)" : ""));
            return run(env, false, env.options().timeouts().connect()).thenApply(again -> {
                if (again.connected() != null && resumes) {
                    // a pause (GC, SIGSTOP) also stalls a handshake once: the note says what was seen, and what
                    // it means only where the verdicts find the hole
                    return new Result(again.connected().withNote("our first TLS handshake with " + env.label()
                            + " stalled at our natural MSS (" + f.getMessage() + ") and completed at MSS " + smallMss
                            + "; the check went on with resumed TLS sessions, whose answers are small. Where target → us "
                            + "is a black hole below the seed's TLS flight, a node's first connection over this path "
                            + "never completes TLS"), null);
                }
                if (again.connected() != null || again.stopped().status() != PathStatus.INCONCLUSIVE
                        || !again.stopped().why().startsWith(STALLED)) {
                    return again;
                }
                return new Result(null, new Stopped(PathStatus.BLACK_HOLE, "the TLS handshake with " + env.label()
                        + " stalls at our natural MSS, twice (" + f.getMessage() + "), and completes with MSS " + smallMss
                        + ": packets " + (inbound ? "from it" : "to it (our certificate's TLS flight)") + " larger than "
                        + smallIp + " bytes or so are lost without ICMP, so no node completes a TLS handshake over this "
                        + "path; the exact MTU could not be measured through TLS" + (resumes
                                ? " (no connection completes at the natural MSS even resuming a session: over IPv6 the path "
                                        + "cannot fragment our own TLS flight)" : "")
                        + "; probe it without TLS against `probe serve`, or with --udp", inbound));
            });
        }).thenCompose(x -> x);
    }

    /** How a second stall at the natural MSS is told from other outcomes. */
    private static final String STALLED = "stalled again: ";

    /** A port that is not a Cassandra internode port (4.0+ or 3.x), said the way the peer behaved. */
    private static String notGossip(CheckEnv env, LinkFailure f) {
        String how = switch (f.kind()) {
            case CLOSED_IN_HANDSHAKE -> "it accepted the connection and closed it without answering our handshake";
            case HANDSHAKE_TIMEOUT -> "it accepted the connection and never answered our handshake, asked twice (the "
                    + "second time waiting " + PATIENT_HANDSHAKE.toSeconds() + " s)";
            default -> "it answered our handshake with something else (" + f.getMessage() + ")";
        };
        return env.label() + " is not a Cassandra internode port, or has no messaging version in common with us "
                + "(we offer " + env.options().minVersion().id() + ".." + env.options().maxVersion().id()
                + ", and 10..11 to a 3.x node): " + how
                + "; check the address and storage_port";
    }

    private static CompletableFuture<Result> stopped(PathStatus s, String why) {
        return CompletableFuture.completedFuture(new Result(null, new Stopped(s, why)));
    }
}
