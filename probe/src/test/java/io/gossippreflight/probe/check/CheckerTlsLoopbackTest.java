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
import io.gossippreflight.probe.net.LinkSecurity;
import io.gossippreflight.probe.responder.Responder;
import io.gossippreflight.probe.responder.ResponderConfig;
import io.gossippreflight.probe.socket.ProbeNetty;
import io.gossippreflight.verdict.PathStatus;
import io.gossippreflight.wire.MessagingVersion;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check against our responder playing a seed with TLS (client certificates required) and LZ4
 * compression, over loopback: a healthy path through TLS and LZ4 frames, and each TLS failure
 * named as such — never as a path problem.
 */
@org.junit.jupiter.api.Timeout(value = 120, unit = TimeUnit.SECONDS)
class CheckerTlsLoopbackTest {
    private static final InetAddress LO = InetAddress.getLoopbackAddress();
    private static EventLoopGroup group;
    private static TestPki pki;
    private static TestPki stranger;

    @BeforeAll
    static void start() {
        group = ProbeNetty.eventLoops(2, "tls-test");
        pki = TestPki.shared(Path.of("target", "test-pki", "p12"), "PKCS12");
        stranger = TestPki.shared(Path.of("target", "test-pki", "stranger"), "JKS");
    }

    @AfterAll
    static void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    static ServerEncryption enc(TestPki p, String keystore, boolean clientAuth) {
        return new ServerEncryption(InternodeEncryption.ALL, null, keystore, TestPki.PASSWORD, null, null,
                p.truststore().toString(), TestPki.PASSWORD, StoreType.valueOf(p.storeType()), null, List.of(), List.of(),
                null, clientAuth, false, false, ServerEncryption.DEFAULT_FACTORY, Map.of());
    }

    static LinkSecurity security(ServerEncryption e, InternodeCompression c, boolean lenient) {
        return LinkSecurity.of(new InternodePolicy(c, e, "dc1", "r1", StorageCompatibilityMode.CASSANDRA_4), true, lenient);
    }

    private static Responder seed(LinkSecurity s, List<String> log) {
        return Responder.start(group, new ResponderConfig(new InetSocketAddress(LO, 0), ResponderConfig.DEFAULT_CLUSTER,
                ResponderConfig.DEFAULT_PARTITIONER, 3, 16, false, MessagingVersion.V12, MessagingVersion.V12), l -> {
                    log.add(l);
                    System.out.println("responder: " + l);
                }, m -> false, s);
    }

    private static TargetReport check(Responder r, LinkSecurity s, List<String> progress) {
        List<TargetReport> reports = Checker.check(List.of(new TargetSpec(LO.getHostAddress(), r.address().getPort())),
                CheckOptions.defaults().withListen(new InetSocketAddress(LO, 0)).withParallel(4), s, l -> {
                    progress.add(l);
                    System.out.println("progress: " + l);
                });
        return reports.get(0);
    }

    @Test
    void healthyThroughTlsWithClientCertificatesAndLz4Frames() {
        List<String> log = new CopyOnWriteArrayList<>();
        List<String> progress = new CopyOnWriteArrayList<>();
        String ks = pki.keystore("node", "127.0.0.1").toString();
        try (Responder r = seed(security(enc(pki, ks, true), InternodeCompression.ALL, false), log)) {
            TargetReport rep = check(r, security(enc(pki, ks, false), InternodeCompression.ALL, true), progress);
            String ctx = String.join("\n", progress) + "\n--- responder:\n" + String.join("\n", log);
            assertEquals(PathStatus.HEALTHY, rep.outbound().status(), rep.outbound() + "\n" + ctx);
            assertEquals(PathStatus.HEALTHY, rep.inbound().status(), rep.inbound() + "\n" + ctx);
            assertTrue(progress.stream().anyMatch(l -> l.contains("internode settings: LZ4 frames, TLS")), ctx);
            // the cluster's messages are sized as they travel: in LZ4 frames, inside TLS records
            assertTrue(rep.needs().messages().stream().anyMatch(m -> m.name().contains("bytes on the wire in LZ4 frames, "
                    + "TLS")), rep.needs().toString());
            assertTrue(rep.probes().stream().anyMatch(p -> p.messageBytes() >= 140_000 && p.outcome().crossed()),
                    "a message over 128 KiB crossed each way: " + rep.probes());
        }
    }

    @Test
    void aSeedCertificateWeDoNotTrustIsATlsFailureNotAPathProblem() {
        try (Responder r = seed(security(enc(stranger, stranger.keystore("stranger", "127.0.0.1").toString(), false),
                InternodeCompression.NONE, false), new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, security(enc(pki, pki.keystore("node", "127.0.0.1").toString(), false),
                    InternodeCompression.NONE, true), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_FAILED, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("untrusted certificate"), rep.outbound().summary());
            assertEquals(PathStatus.TLS_FAILED, rep.inbound().status(), "both directions: the same cause");
            assertFalse(rep.passed());
        }
    }

    @Test
    void aSeedThatRequiresAClientCertificateSaysSo() {
        try (Responder r = seed(security(enc(pki, pki.keystore("node", "127.0.0.1").toString(), true),
                InternodeCompression.NONE, false), new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, security(enc(pki, "/nonexistent/keystore.p12", false), InternodeCompression.NONE,
                    true), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_FAILED, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("client certificate required"), rep.outbound().summary());
        }
    }

    @Test
    void aPlainSeedIsNamedWhenWeSpeakTls() {
        try (Responder r = seed(LinkSecurity.PLAIN, new CopyOnWriteArrayList<>())) {
            TargetReport rep = check(r, security(enc(pki, pki.keystore("node", "127.0.0.1").toString(), false),
                    InternodeCompression.NONE, true), new CopyOnWriteArrayList<>());
            assertEquals(PathStatus.TLS_FAILED, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("peer does not speak TLS"), rep.outbound().summary());
        }
    }

    /**
     * A peer that sends the first bytes of a TLS answer and then nothing (what a black hole does to
     * a seed's certificates): a stalled TLS handshake, tried again at the smallest MSS, and named as
     * such — not TLS_EXPECTED (we speak TLS) and not a port that is not gossip.
     */
    @Test
    void aTlsAnswerThatStallsIsNamedAndTriedAgainAtTheSmallestMss() throws Exception {
        List<java.net.Socket> held = new CopyOnWriteArrayList<>();
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 8, LO)) {
            Thread t = new Thread(() -> {
                try {
                    while (true) {
                        java.net.Socket s = server.accept();
                        held.add(s);
                        s.getInputStream().read(new byte[512]);
                        // a handshake record's header and a few bytes of its body, then silence
                        s.getOutputStream().write(new byte[] {0x16, 0x03, 0x03, 0x10, 0x00, 0x02, 0x00, 0x00});
                        s.getOutputStream().flush();
                    }
                } catch (java.io.IOException closed) {
                    // the test is over
                }
            }, "stalling-peer");
            t.setDaemon(true);
            t.start();
            List<String> progress = new CopyOnWriteArrayList<>();
            List<TargetReport> reports = Checker.check(List.of(new TargetSpec(LO.getHostAddress(), server.getLocalPort())),
                    CheckOptions.defaults().withListen(new InetSocketAddress(LO, 0)),
                    security(enc(pki, pki.keystore("node", "127.0.0.1").toString(), false), InternodeCompression.NONE, true),
                    progress::add);
            TargetReport rep = reports.get(0);
            assertEquals(PathStatus.INCONCLUSIVE, rep.outbound().status(), rep.outbound().summary());
            assertTrue(rep.outbound().summary().contains("TLS handshake") && rep.outbound().summary().contains("stalled"),
                    rep.outbound().summary());
            assertTrue(progress.stream().anyMatch(l -> l.contains("trying again advertising MSS")), progress.toString());
            assertEquals(2, held.size(), "tried twice: at our MSS, then at the smallest");
        } finally {
            for (java.net.Socket s : held) {
                s.close();
            }
        }
    }
}
