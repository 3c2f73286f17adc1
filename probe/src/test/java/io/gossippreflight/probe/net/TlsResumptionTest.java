package io.gossippreflight.probe.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.config.InternodeCompression;
import io.gossippreflight.config.InternodeEncryption;
import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.config.StorageCompatibilityMode;
import io.gossippreflight.config.StoreType;
import io.gossippreflight.fixtures.cassandra.TestPki;
import io.gossippreflight.probe.net.netty.NettyProbeNetwork;
import io.gossippreflight.probe.net.tls.InternodeTls;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.NoPayload;
import io.gossippreflight.wire.message.Verb;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a check leans on when a black hole swallows a full TLS handshake's flight: our TLS client
 * resumes a session kept under a key of its own, once, with an answer of a few hundred bytes; and
 * a network in that mode opens every connection so (a full handshake at the smallest MSS, then the
 * connection asked for, resumed and blind), whose messages the acceptor reads.
 */
@org.junit.jupiter.api.Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsResumptionTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;
    private static TestPki pki;

    @BeforeAll
    static void start() {
        group = ProbeNetty.eventLoops(2, "tls-resume-test");
        pki = TestPki.shared(Path.of("target", "test-pki", "p12"), "PKCS12");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ServerEncryption enc(boolean clientAuth) {
        return new ServerEncryption(InternodeEncryption.ALL, null, pki.keystore("node", "127.0.0.1").toString(),
                TestPki.PASSWORD, null, null, pki.truststore().toString(), TestPki.PASSWORD,
                StoreType.valueOf(pki.storeType()), null, List.of(), List.of(), null, clientAuth, false, false,
                ServerEncryption.DEFAULT_FACTORY, Map.of());
    }

    /** The client's first flight: its ClientHello (carrying a session to resume, if it has one). */
    private static ByteBuffer clientHello(SSLEngine client) throws Exception {
        client.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(1 << 17);
        step(client, ByteBuffer.allocate(0), out);
        return out.flip();
    }

    /**
     * Runs a handshake whose ClientHello is {@code hello}; returns the bytes the server sent until the
     * client finished (its answer to the ClientHello, not the session tickets that follow).
     */
    private static long handshake(SSLEngine client, ByteBuffer hello, SSLEngine server) throws Exception {
        server.beginHandshake();
        ByteBuffer toServer = hello;
        ByteBuffer toClient = ByteBuffer.allocate(0);
        long answer = 0;
        for (int round = 0; round < 20 && (busy(client) || busy(server) || toServer.hasRemaining()
                || toClient.hasRemaining()); round++) {
            ByteBuffer out = ByteBuffer.allocate(1 << 17);
            int n = step(server, toServer, out);
            toServer = ByteBuffer.allocate(0);
            if (busy(client)) {
                answer += n;
            }
            toClient = join(toClient, out.flip());
            out = ByteBuffer.allocate(1 << 17);
            step(client, toClient, out);
            toClient = ByteBuffer.allocate(0);
            toServer = out.flip();
        }
        assertTrue(!busy(client) && !busy(server), "the handshake did not finish");
        return answer;
    }

    private static long handshake(SSLEngine client, SSLEngine server) throws Exception {
        return handshake(client, clientHello(client), server);
    }

    private static boolean busy(SSLEngine e) {
        return e.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    /** Reads what {@code in} holds and writes what the engine has to say; returns the bytes written. */
    private static int step(SSLEngine e, ByteBuffer in, ByteBuffer out) throws Exception {
        ByteBuffer app = ByteBuffer.allocate(1 << 17);
        int produced = 0;
        for (int k = 0; k < 200; k++) {
            SSLEngineResult.HandshakeStatus hs = e.getHandshakeStatus();
            if (hs == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
                    t.run();
                }
            } else if (hs == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                produced += e.wrap(ByteBuffer.allocate(0), out).bytesProduced();
            } else if (in.hasRemaining()) {
                SSLEngineResult r = e.unwrap(in, app.clear());
                if (r.getStatus() != SSLEngineResult.Status.OK) {
                    break;
                }
            } else {
                break;
            }
        }
        return produced;
    }

    private static ByteBuffer join(ByteBuffer a, ByteBuffer b) {
        return ByteBuffer.allocate(a.remaining() + b.remaining()).put(a).put(b).flip();
    }

    @Test
    void aSessionKeptUnderAKeyIsResumedOnceWithASmallAnswer() throws Exception {
        InternodeTls tls = InternodeTls.of(enc(true), true);
        InetSocketAddress seed = new InetSocketAddress("127.0.0.1", 7000);
        ByteBufAllocator alloc = ByteBufAllocator.DEFAULT;
        int key = 70_001;
        long full = handshake(tls.clientHandler(alloc, seed, key).engine(), tls.serverHandler(alloc, seed).engine());
        // two connections under the key at once: the first resumes, the second finds the session used up
        SSLEngine resumed = tls.clientHandler(alloc, seed, key).engine();
        SSLEngine again = tls.clientHandler(alloc, seed, key).engine();
        ByteBuffer resumedHello = clientHello(resumed);
        ByteBuffer againHello = clientHello(again);
        long small = handshake(resumed, resumedHello, tls.serverHandler(alloc, seed).engine());
        long other = handshake(again, againHello, tls.serverHandler(alloc, seed).engine());
        long elsewhere = handshake(tls.clientHandler(alloc, seed, key + 1).engine(), tls.serverHandler(alloc, seed).engine());
        String ctx = "the server's answer to the ClientHello: full " + full + " bytes, resumed " + small
                + ", second at once under the key " + other + ", under another key " + elsewhere;
        assertTrue(full > 700, ctx);
        assertTrue(small < 400, ctx);
        assertTrue(other > 700, ctx);
        assertTrue(elsewhere > 700, ctx);
        System.out.println(ctx);
    }

    @Test
    void aResumingNetworkOpensBlindLinksWhoseMessagesArrive() throws Exception {
        LinkSecurity server = LinkSecurity.of(new InternodePolicy(InternodeCompression.NONE, enc(true), "dc1", "r1",
                StorageCompatibilityMode.CASSANDRA_4), true, false);
        LinkSecurity client = LinkSecurity.of(new InternodePolicy(InternodeCompression.NONE, enc(false), "dc1", "r1",
                StorageCompatibilityMode.CASSANDRA_4), true, true);
        AtomicInteger accepted = new AtomicInteger();
        List<Message> arrived = new CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch three = new java.util.concurrent.CountDownLatch(3);
        try (InboundListener seed = InboundListener.bind(group, new InetSocketAddress(LO, 0), 0, MessagingVersion.V12,
                MessagingVersion.V12, server, new InboundListener.Handler() {
                    @Override
                    public void onAccepted(InboundConnection c) {
                        accepted.incrementAndGet();
                    }

                    @Override
                    public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
                        arrived.add(m);
                        three.countDown();
                    }
                })) {
            NettyProbeNetwork net = new NettyProbeNetwork(group, group.next(), client);
            InetSocketAddress target = seed.localAddress();
            assertTrue(net.resumeTls(target, MessagingVersion.V12, 536));
            List<Link> links = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                links.add(net.connect(new Link.Spec(target, LO, InetAddressAndPort.of(LO, 7999),
                        ConnectionType.URGENT_MESSAGES, 0, Duration.ofSeconds(10), MessagingVersion.V12,
                        MessagingVersion.V12)).get(30, TimeUnit.SECONDS));
            }
            for (Link l : links) {
                assertEquals(MessagingVersion.V12, l.version());
                l.send(new Message(1, 0, Message.RPC_TIMEOUT_MILLIS, Verb.ECHO_REQ, NoPayload.INSTANCE))
                        .get(10, TimeUnit.SECONDS);
            }
            three.await(20, TimeUnit.SECONDS);
            assertEquals(3, arrived.size(), "every blind link's message was read: " + arrived);
            assertEquals(6, accepted.get(), "each link: a full handshake at the small MSS, then the resumed one");
            // the record overhead is what our TLS writes, measured on the Initiate
            int overhead = links.get(0).wireCost().tlsRecordOverhead();
            assertEquals(jdkRecordOverhead(client), overhead);
            links.forEach(Link::close);
        }
    }

    /** What the JDK's TLS adds to one record, measured on a record of one byte. */
    private static int jdkRecordOverhead(LinkSecurity s) throws Exception {
        InetSocketAddress seed = new InetSocketAddress("127.0.0.1", 7000);
        SSLEngine c = s.tls().clientHandler(ByteBufAllocator.DEFAULT, seed, 70_100).engine();
        handshake(c, InternodeTls.of(enc(false), true).serverHandler(ByteBufAllocator.DEFAULT, seed).engine());
        ByteBuffer out = ByteBuffer.allocate(c.getSession().getPacketBufferSize());
        SSLEngineResult r = c.wrap(ByteBuffer.wrap(new byte[] {7}), out);
        assertEquals(1, r.bytesConsumed(), r.toString());
        return r.bytesProduced() - 1;
    }
}
