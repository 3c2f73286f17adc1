package io.gossippreflight.probe.check;

import io.gossippreflight.probe.net.Listener;
import io.gossippreflight.probe.net.ResponderReport;
import io.gossippreflight.probe.socket.TcpSnapshot;
import io.gossippreflight.wire.gossip.GossipDigestAck;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.Verb;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * What one target sends to our two shared ports (main and sink), handed to whichever phase waits
 * for it: ECHO answers by message id, shadow-round ACKs by port. Touched on the check's loop only.
 */
final class Inbox implements SharedListeners.Receiver {
    /** A shadow-round ACK (no digests: the whole state) as it arrived. */
    /** A shadow-round ACK as it arrived; {@code cost} is what its connection's frames and TLS added. */
    record ShadowAck(Message message, GossipDigestAck ack, long atNanos, TcpSnapshot tcp, int bytes,
            io.gossippreflight.probe.net.WireCost cost, io.gossippreflight.wire.MessagingVersion version) {
        /** Its bytes on the wire: frames (compressed over LZ4, exactly as the target's) and TLS records. */
        long wireBytes() {
            return cost.wireBytes(message, version);
        }
    }

    private final CheckEnv env;
    private final Map<Long, CompletableFuture<Message>> echoes = new HashMap<>();
    private Consumer<ShadowAck> onMainShadow = a -> { };
    private Consumer<ShadowAck> onSinkShadow = a -> { };
    private TcpSnapshot mainAccepted;
    /** Completes when the target first completes a handshake on one of our ports: it can connect back. */
    private final CompletableFuture<Void> contact = new CompletableFuture<>();
    private ResponderReport lastReport;

    Inbox(CheckEnv env) {
        this.env = env;
    }

    /** A future for the response (ECHO_RSP, SCHEMA_PULL_RSP) to our message {@code id}. */
    CompletableFuture<Message> response(long id) {
        return echoes.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    void onShadowAck(boolean sink, Consumer<ShadowAck> c) {
        if (sink) {
            onSinkShadow = c;
        } else {
            onMainShadow = c;
        }
    }

    /** Completes when the target has opened a connection to one of our shared ports. */
    CompletableFuture<Void> contact() {
        return contact;
    }

    /** TCP_INFO of the first connection the target opened to our main port, as its handshake completed. */
    TcpSnapshot mainAccepted() {
        return mainAccepted;
    }

    ResponderReport lastReport() {
        return lastReport;
    }

    /** A report from our responder: the latest, with the lowest path MTU any report showed (see withLowerPmtuOf). */
    void report(ResponderReport r) {
        lastReport = r.withLowerPmtuOf(lastReport);
    }

    @Override
    public void onHandshake(boolean sink, Listener.Accepted c, TcpSnapshot tcp) {
        env.loop().execute(() -> {
            if (!sink && mainAccepted == null) {
                mainAccepted = tcp;
            }
            contact.complete(null);
        });
    }

    @Override
    public void onMessage(boolean sink, Listener.Accepted c, Message m, long atNanos, TcpSnapshot tcp) {
        env.loop().execute(() -> {
            ResponderReport.from(m).ifPresent(this::report);
            if (m.verb() == Verb.ECHO_RSP || m.verb() == Verb.SCHEMA_PULL_RSP) {
                response(m.id()).complete(m);
            } else if (m.verb() == Verb.GOSSIP_DIGEST_ACK && m.payload() instanceof GossipDigestAck ack
                    && ack.digests().isEmpty()) {
                ShadowAck a = new ShadowAck(m, ack, atNanos, tcp, m.serializedSize(c.version()), c.wireCost(), c.version());
                (sink ? onSinkShadow : onMainShadow).accept(a);
            }
        });
    }
}
