package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.config.InternodeCompression;
import io.gossippreflight.config.InternodeEncryption;
import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.config.StorageCompatibilityMode;
import io.gossippreflight.config.StoreType;
import io.gossippreflight.fixtures.cassandra.TestPki;
import io.gossippreflight.probe.net.InboundConnection;
import io.gossippreflight.probe.net.InboundListener;
import io.gossippreflight.probe.net.LinkSecurity;
import io.gossippreflight.probe.net.OutboundLink;
import io.gossippreflight.probe.net.Pre40Encoder;
import io.gossippreflight.wire.message.Pre40Messages;
import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.handshake.ConnectionType;
import io.gossippreflight.wire.message.Message;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check against our responder playing a 3.11 seed (messaging 11) with internode_compression
 * (LZ4 blocks) and with server_encryption_options (TLS only on its port, as a 3.x ssl_storage_port;
 * with and without client certificates), over loopback: healthy through both, and each TLS failure
 * named as the 4.0+ path names it.
 */
@org.junit.jupiter.api.Timeout(value = 120, unit = TimeUnit.SECONDS)
class Pre40SecureLoopbackTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;
    private static TestPki pki;
    private static TestPki stranger;

    @BeforeAll
    static void start() {
        group = ProbeNetty.eventLoops(2, "pre40-secure-test");
        pki = TestPki.shared(Path.of("target", "test-pki", "p12"), "PKCS12");
        stranger = TestPki.shared(Path.of("target", "test-pki", "stranger"), "JKS");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static LinkSecurity security(ServerEncryption e, InternodeCompression c, boolean lenient) {
        return CheckerTlsLoopbackTest.security(e, c, lenient);
    }

    private static ServerEncryption tls(TestPki p, String keystore, boolean clientAuth) {
        return CheckerTlsLoopbackTest.enc(p, keystore, clientAuth);
    }

    private static Responder seed(LinkSecurity s, List<String> log) {
        return Responder.start(group, new ResponderConfig(new InetSocketAddress(LO, 0), ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER, 3, 16, false, MessagingVersion.V11, MessagingVersion.V11), log::add,
                m -> false, s.asPre40Seed());
    }

    private static TargetReport check(Responder r, LinkSecurity s, List<String> progress) {
        return Checker.check(List.of(new TargetSpec(LO.getHostAddress(), r.address().getPort())),
                CheckOptions.defaults().withListen(new InetSocketAddress(LO, 0)).withParallel(4), s, progress::add).get(0);
    }

    private static void healthy(LinkSecurity seed, LinkSecurity us, String travels) {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        try (Responder r = seed(seed, log)) {
            TargetReport rep = check(r, us, progress);
            String ctx = String.join("\n", progress) + "\n--- responder:\n" + String.join("\n", log);
            assertEquals(11, rep.messagingVersion(), ctx);
            assertEquals(TargetKind.RESPONDER, rep.kind(), ctx);
            assertEquals(PathStatus.HEALTHY, rep.outbound().status(), rep.outbound() + "\n" + ctx);
            assertEquals(PathStatus.HEALTHY, rep.inbound().status(), rep.inbound() + "\n" + ctx);
            assertTrue(log.stream().anyMatch(l -> l.contains("ACK2 from")), "ACK2 ladder reached the responder\n" + ctx);
            assertTrue(rep.probes().stream().anyMatch(p -> p.messageBytes() >= 140_000 && p.outcome().crossed()),
                    "a message over 128 KiB crossed each way\n" + ctx);
            // the cluster's messages are sized as they travel on this connection
            assertTrue(rep.needs().messages().stream().anyMatch(m -> m.name().contains("bytes on the wire in " + travels)),
                    rep.needs() + "\n" + ctx);
            assertTrue(rep.passed(), ctx);
        }
    }

    @Test
    void healthyThroughLz4Blocks() {
        LinkSecurity lz4 = security(ServerEncryption.NONE, InternodeCompression.ALL, false);
        healthy(lz4, lz4, "pre-4.0 unframed messages in LZ4 blocks");
    }

    @Test
    void healthyThroughTlsWithoutClientCertificates() {
        String ks = pki.keystore("node", "127.0.0.1").toString();
        healthy(security(tls(pki, ks, false), InternodeCompression.NONE, false),
                security(tls(pki, ks, false), InternodeCompression.NONE, true), "pre-4.0 unframed messages, TLS (");
    }

    @Test
    void healthyThroughTlsWithClientCertificatesAndLz4Blocks() {
        String ks = pki.keystore("node", "127.0.0.1").toString();
        healthy(security(tls(pki, ks, true), InternodeCompression.ALL, false),
                security(tls(pki, ks, false), InternodeCompression.ALL, true),
                "pre-4.0 unframed messages in LZ4 blocks, TLS (");
    }

    /** Each side reads the other's compression flag: our outbound link's stream and the responder's both in LZ4 blocks. */
    @Test
    void aCompressedPre40LinkIsReadAsCompressedByTheListener() throws Exception {
        CompletableFuture<InboundConnection> accepted = new CompletableFuture<>();
        CompletableFuture<Message> got = new CompletableFuture<>();
        LinkSecurity lz4 = security(ServerEncryption.NONE, InternodeCompression.ALL, false);
        try (InboundListener l = InboundListener.bind(group, new InetSocketAddress(LO, 0), 0, MessagingVersion.V11,
                MessagingVersion.V11, lz4.asPre40Seed(), new InboundListener.Handler() {
                    @Override
                    public void onHandshake(InboundConnection c) {
                        accepted.complete(c);
                    }

                    @Override
                    public void onMessage(InboundConnection c, Message m, long arrivedNanos) {
                        got.complete(m);
                    }
                })) {
            OutboundLink link = OutboundLink.open(group, new io.gossippreflight.probe.net.Link.Spec(l.localAddress(), LO,
                    InetAddressAndPort.of(LO, 7_123), ConnectionType.SMALL_MESSAGES, 0, Duration.ofSeconds(10),
                    MessagingVersion.V11, MessagingVersion.V11), lz4).get(20, TimeUnit.SECONDS);
            try {
                assertTrue(link.wireCost().lz4Blocks(), link.wireCost().toString());
                Message m = io.gossippreflight.probe.plan.ProbeMessages.incompressibleSyn(ResponderConfig.DEFAULT_CLUSTER,
                        ResponderConfig.DEFAULT_PARTITIONER, 20_000, 5, 1_000, MessagingVersion.V11);
                link.send(m).get(20, TimeUnit.SECONDS);
                Message back = got.get(20, TimeUnit.SECONDS);
                // the same SYN came out of the LZ4 blocks (3.x addresses carry no port, so compare sizes and digests)
                assertEquals(((io.gossippreflight.wire.gossip.GossipDigestSyn) m.payload()).digests().size(),
                        ((io.gossippreflight.wire.gossip.GossipDigestSyn) back.payload()).digests().size());
                assertEquals(m.serializedSize(MessagingVersion.V11) + Pre40Messages.paramSize(
                        Pre40Encoder.REPLY_PORT_PARAM, 4), back.serializedSize(MessagingVersion.V11));
                InboundConnection c = accepted.get(1, TimeUnit.SECONDS);
                assertTrue(c.wireCost().lz4Blocks(), c.wireCost().toString());
                // both ends count the same bytes for it (the reply-port parameter it carried included)
                assertEquals(link.wireCost().wireBytes(m, MessagingVersion.V11),
                        c.wireCost().wireBytes(back, MessagingVersion.V11));
            } finally {
                link.close();
            }
        }
    }

    @Test
    void aSeedCertificateWeDoNotTrustIsATlsFailureNotAPathProblem() {
        try (Responder r = seed(security(tls(stranger, stranger.keystore("stranger", "127.0.0.1").toString(), false),
                InternodeCompression.NONE, false), new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, security(tls(pki, pki.keystore("node", "127.0.0.1").toString(), false),
                    InternodeCompression.NONE, true), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_FAILED, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("untrusted certificate"), rep.outbound().summary());
            assertEquals(PathStatus.TLS_FAILED, rep.inbound().status(), "both directions: the same cause");
            assertFalse(rep.passed());
        }
    }

    @Test
    void aSeedThatRequiresAClientCertificateSaysSo() {
        try (Responder r = seed(security(tls(pki, pki.keystore("node", "127.0.0.1").toString(), true),
                InternodeCompression.NONE, false), new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, security(tls(pki, "/nonexistent/keystore.p12", false), InternodeCompression.NONE,
                    true), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_FAILED, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("client certificate required"), rep.outbound().summary());
        }
    }

    @Test
    void aPlain3xSeedIsNamedWhenWeSpeakTls() {
        try (Responder r = seed(LinkSecurity.PLAIN, new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, security(tls(pki, pki.keystore("node", "127.0.0.1").toString(), false),
                    InternodeCompression.NONE, true), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_FAILED, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("peer does not speak TLS"), rep.outbound().summary());
        }
    }

    @Test
    void aTls3xSeedIsNamedWhenWeSpeakPlain() {
        try (Responder r = seed(security(tls(pki, pki.keystore("node", "127.0.0.1").toString(), false),
                InternodeCompression.NONE, false), new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, LinkSecurity.PLAIN, new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_EXPECTED, rep.outbound().status(), rep.outbound().summary());
        }
    }
}
