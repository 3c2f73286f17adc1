package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Link;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import java.util.concurrent.CompletableFuture;

/**
 * The size of the schema a joining node pulls from its seed: a SCHEMA_PULL_REQ, answered by a
 * real node with its whole schema as mutations (Cassandra 5.0.9 schema/DefaultSchemaUpdateHandler:
 * the handler only reads the schema and sends it), over a connection advertising our sink so the
 * answer arrives whatever the path does. Asked of real nodes only; our responder has no schema.
 */
final class SchemaPullPhase {
    private SchemaPullPhase() {
    }

    /** Completes with the SCHEMA_PULL_RSP's size in bytes, or 0 when none came. */
    static CompletableFuture<Integer> run(CheckEnv env, Inbox inbox, PathTiming timing, TargetKind kind) {
        if (kind != TargetKind.CASSANDRA) {
            return CompletableFuture.completedFuture(0);
        }
        return env.net().connect(new Link.Spec(env.target(), env.local(), env.sink(), ConnectionType.URGENT_MESSAGES,
                env.safeMss(), env.options().timeouts().connect(), env.options().minVersion(),
                env.options().maxVersion())).thenCompose(l -> {
                    long id = env.nextId();
                    CompletableFuture<Message> answer = inbox.response(id);
                    Message req = new Message(id, env.millisNow(), Message.RPC_TIMEOUT_MILLIS, Verb.SCHEMA_PULL_REQ,
                            NoPayload.INSTANCE);
                    SafetyPolicy.check(req, kind);
                    l.send(req);
                    env.schedule(ConnectBackPhase.WAIT, () -> answer.complete(null));
                    return answer.whenComplete((m, e) -> l.close())
                            .thenApply(m -> m == null || m.verb() != Verb.SCHEMA_PULL_RSP ? 0 : m.serializedSize(l.version()));
                }).handle((bytes, e) -> {
                    if (bytes == null || bytes == 0) {
                        env.say("no answer to a schema pull request: the schema's size is an estimate");
                        return 0;
                    }
                    env.say(String.format("schema pull response: %,d bytes (read at the smallest MSS)", bytes));
                    return bytes;
                });
    }
}
