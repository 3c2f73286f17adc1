package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.wire.gossip.GossipDigest;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The transport's counters (what {@code /v1/stats} reports) against what actually crossed a
 * loopback connection between two transports: messages and their serialized sizes on the
 * sending side, and socket bytes that must match exactly between the two ends. Waits are on the
 * receiver's callback, bounded.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyTransportTrafficTest {
    private final List<NettyTransport> transports = new ArrayList<>();

    @AfterEach
    void close() {
        transports.forEach(NettyTransport::close);
    }

    private NettyTransport transport(int port, Transport.Receiver receiver) {
        NettyTransport t = new NettyTransport(InetAddressAndPort.parse("127.0.0.1", port), NodeLog.NONE,
                NettyTransport.Options.DEFAULTS);
        transports.add(t);
        t.start(receiver);
        return t;
    }

    @Test
    void countsMessagesAndSocketBytesOnBothEnds() throws Exception {
        int count = 7;
        AtomicInteger got = new AtomicInteger();
        CompletableFuture<Void> all = new CompletableFuture<>();
        NettyTransport a = transport(LoopbackNodes.freePort(), (from, m) -> { });
        NettyTransport b = transport(LoopbackNodes.freePort(), (from, m) -> {
            if (got.incrementAndGet() == count) {
                all.complete(null);
            }
        });
        assertEquals(new NettyTransport.Traffic(0, 0, 0, 0, 0), a.traffic(), "nothing before the first send");

        long expectedMessageBytes = 0;
        for (int i = 0; i < count; i++) {
            // growing digest lists: every message has its own size, so a miscount of any one shows
            List<GossipDigest> digests = new ArrayList<>();
            for (int d = 0; d <= i; d++) {
                digests.add(new GossipDigest(InetAddressAndPort.parse("127.0.0." + (d + 1), 7000), 1_700_000_000, d * 10));
            }
            Message m = Message.gossip(i + 1, System.currentTimeMillis(),
                    new GossipDigestSyn("traffic", "org.apache.cassandra.dht.Murmur3Partitioner", digests));
            expectedMessageBytes += m.serializedSize(NettyTransport.VERSION);
            a.send(b.localAddress(), m);
        }
        all.get(20, TimeUnit.SECONDS);

        NettyTransport.Traffic sent = a.traffic();
        NettyTransport.Traffic received = b.traffic();
        assertEquals(count, sent.messagesSent());
        assertEquals(expectedMessageBytes, sent.messageBytesSent());
        assertEquals(0, sent.messagesReceived(), "a's inbound side got nothing");
        assertEquals(count, received.messagesReceived());
        assertEquals(0, received.messagesSent());
        // every byte a wrote (handshake + frames) was read by b before its last message decoded
        assertEquals(sent.bytesSent(), received.bytesReceived());
        // b wrote only the handshake's answer, which a read before sending any frame
        assertTrue(received.bytesSent() > 0, received.toString());
        assertEquals(received.bytesSent(), sent.bytesReceived());
        // frames carry the messages plus their headers and checksums, the handshake comes on top
        assertTrue(sent.bytesSent() > expectedMessageBytes, sent + " vs " + expectedMessageBytes + " message bytes");
    }
}
