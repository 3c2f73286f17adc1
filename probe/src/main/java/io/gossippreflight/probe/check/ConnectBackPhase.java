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

    static CompletableFuture<Result> run(CheckEnv env, Link main, Inbox inbox, PathTiming timing) {
        Duration wait = timing.reply();
        return echo(env, main, inbox, wait).thenCompose(first -> {
            if (first != null) {
                return CompletableFuture.completedFuture(first);
            }
            // The answer comes over a connection the target opens to us: on a lossy path its SYN may be lost,
            // and the kernel resends it after 1 s, then 3 s. One more ECHO, answered over that same connection
            // once it is up, keeps random loss from passing for a target that cannot connect back.
            env.say("no ECHO answer within " + wait.toMillis() + " ms; asking once more");
            return echo(env, main, inbox, wait);
        }).thenApply(rsp -> {
            TargetKind asked = env.options().targetKind();
            if (rsp == null) {
                env.say("no ECHO answer within 2 x " + wait.toMillis() + " ms: the target does not connect back to "
                        + env.main());
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

    /** Sends ECHO_REQ on {@code link}; completes with the ECHO_RSP, or null after {@code wait}. */
    static CompletableFuture<Message> echo(CheckEnv env, Link link, Inbox inbox, Duration wait) {
        long id = env.nextId();
        CompletableFuture<Message> answer = inbox.response(id);
        link.send(new Message(id, env.millisNow(), Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ, NoPayload.INSTANCE));
        env.schedule(wait, () -> answer.complete(null));
        return answer;
    }
}
