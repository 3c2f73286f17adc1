package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Link;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Does the target connect back to us? A 4.0+ node answers over its own connection to the address
 * we advertised, so an ECHO_REQ answered proves the direction target → us opens at all; the
 * answer also tells our responder (it marks every answer) from a real node.
 */
final class ConnectBackPhase {
    /**
     * @param connectsBack the target opened a connection to our main port and answered over it
     * @param report our responder's report in the answer, or null (a real node)
     * @param kind what answers, decided from the answer unless the options said
     */
    record Result(boolean connectsBack, ResponderReport report, TargetKind kind) {
    }

    private ConnectBackPhase() {
    }

    /**
     * How long a target may take to show it connects back: a pause of its process (a GC pause, a
     * stopped JVM) or a few lost SYNs of its connection to us (resent after 1, 3 and 7 s) are slow,
     * not one-way — a firewall keeps it out for good.
     */
    static final Duration WAIT = Duration.ofSeconds(10);
    /** ECHO_REQs go out this often until one is answered (each answer comes on the same connection). */
    static final Duration EVERY = Duration.ofSeconds(2);

    static CompletableFuture<Result> run(CheckEnv env, Link main, Inbox inbox, PathTiming timing) {
        CompletableFuture<Message> answered = new CompletableFuture<>();
        long end = env.now() + WAIT.toNanos();
        ask(env, main, inbox, answered, end);
        env.schedule(WAIT, () -> answered.complete(null));
        return answered.thenApply(rsp -> {
            TargetKind asked = env.options().targetKind();
            boolean contact = inbox.contact().isDone();
            if (rsp == null) {
                if (contact) {
                    env.say("the target connected back but answered no ECHO within " + WAIT.toSeconds()
                            + " s (busy or paused?): taken for a real node");
                    return new Result(true, null, asked == TargetKind.AUTO ? TargetKind.CASSANDRA : asked);
                }
                env.say("no ECHO answer and no connection from the target within " + WAIT.toSeconds()
                        + " s: it does not connect back to " + env.main());
                return new Result(false, null, asked == TargetKind.AUTO ? TargetKind.CASSANDRA : asked);
            }
            ResponderReport report = ResponderReport.from(rsp).orElse(null);
            TargetKind kind = asked != TargetKind.AUTO ? asked : report != null ? TargetKind.RESPONDER
                    : TargetKind.CASSANDRA;
            env.say("ECHO answered over its own connection to " + env.main() + ": " + (report != null ? "our responder"
                    : "a real node (only safe messages from here on)"));
            return new Result(true, report, kind);
        });
    }

    /** An ECHO now and every {@link #EVERY} until one is answered or {@code end}. */
    private static void ask(CheckEnv env, Link main, Inbox inbox, CompletableFuture<Message> answered, long end) {
        if (answered.isDone() || env.now() >= end) {
            return;
        }
        echo(env, main, inbox, WAIT).thenAccept(m -> {
            if (m != null) {
                answered.complete(m);
            }
        });
        env.schedule(EVERY, () -> {
            if (!answered.isDone()) {
                env.say("no ECHO answer yet; asking again");
                ask(env, main, inbox, answered, end);
            }
        });
    }

    /** Sends ECHO_REQ on {@code link}; completes with the ECHO_RSP, or null after {@code wait}. */
    static CompletableFuture<Message> echo(CheckEnv env, Link link, Inbox inbox, Duration wait) {
        long id = env.nextId();
        CompletableFuture<Message> answer = inbox.response(id);
        link.send(new Message(id, env.millisNow(), Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ, NoPayload.INSTANCE));
        env.schedule(wait, () -> answer.complete(null));
        return answer;
    }
}
