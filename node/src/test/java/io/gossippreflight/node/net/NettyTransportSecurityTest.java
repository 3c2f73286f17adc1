package io.gossippreflight.node.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.config.InternodeCompression;
import io.gossippreflight.config.InternodeEncryption;
import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.config.StorageCompatibilityMode;
import io.gossippreflight.config.StoreType;
import io.gossippreflight.fixtures.cassandra.TestPki;
import io.gossippreflight.node.log.NodeLog;
import io.gossippreflight.probe.net.tls.InternodeTls;
import io.gossippreflight.wire.gossip.GossipDigestSyn;
import io.gossippreflight.wire.gossip.InetAddressAndPort;
import io.gossippreflight.wire.message.Message;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two transports over loopback with Cassandra's internode settings: TLS with client certificates,
 * optional TLS (plain and TLS on one port), a plain peer refused by a TLS-only port, a certificate
 * the peer does not trust, LZ4 frames and messaging version 13. Each outcome is read from what the
 * transports log (the connection's version, framing and TLS) and from messages arriving; waits are
 * on those events, bounded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyTransportSecurityTest {
    static TestPki pki;
    static TestPki stranger;
    private final List<NettyTransport> transports = new ArrayList<>();

    @BeforeAll
    static void stores() {
        pki = TestPki.shared(Path.of("target", "test-pki", "p12"), "PKCS12");
        stranger = TestPki.shared(Path.of("target", "test-pki", "stranger"), "JKS");
    }

    @AfterEach
    void close() {
        transports.forEach(NettyTransport::close);
    }

    static ServerEncryption tls(TestPki p, String name, InternodeEncryption mode, Boolean optional, boolean clientAuth) {
        // one keystore per CA: every node here is 127.0.0.1, and keytool takes seconds per call
        return new ServerEncryption(mode, optional, p.keystore(p == pki ? "node" : "stranger", "127.0.0.1").toString(), TestPki.PASSWORD, null, null,
                p.truststore().toString(), TestPki.PASSWORD, StoreType.valueOf(p.storeType()), null, List.of(), List.of(),
                null, clientAuth, true, false, ServerEncryption.DEFAULT_FACTORY, Map.of());
    }

    static Security security(ServerEncryption enc, InternodeCompression compression, StorageCompatibilityMode mode) {
        InternodePolicy policy = new InternodePolicy(compression, enc, "dc1", "r1", mode);
        InternodePolicy.ListenerTls listener = policy.listenerTls(enc != ServerEncryption.NONE);
        InternodeTls tls = enc.enabled() || listener != InternodePolicy.ListenerTls.NONE ? InternodeTls.of(enc, true) : null;
        return new Security(policy, tls, listener, ep -> Security.Placement.UNKNOWN);
    }

    /** A log whose lines can be awaited. */
    static final class Lines implements NodeLog {
        final List<String> lines = new CopyOnWriteArrayList<>();
        private final List<Map.Entry<Predicate<String>, CompletableFuture<String>>> waits = new CopyOnWriteArrayList<>();

        @Override
        public void log(Level level, String message) {
            lines.add(message);
            waits.forEach(w -> {
                if (w.getKey().test(message)) {
                    w.getValue().complete(message);
                }
            });
        }

        @Override
        public boolean enabled(Level level) {
            return true;
        }

        String await(String fragment) throws Exception {
            CompletableFuture<String> f = new CompletableFuture<>();
            waits.add(Map.entry(l -> l.contains(fragment), f));
            lines.stream().filter(l -> l.contains(fragment)).findFirst().ifPresent(f::complete);
            try {
                return f.get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                throw new AssertionError("no log line with '" + fragment + "' in " + lines);
            }
        }
    }

    private NettyTransport transport(Security s, Lines log, CompletableFuture<Message> received) {
        NettyTransport t = new NettyTransport(InetAddressAndPort.parse("127.0.0.1", LoopbackNodes.freePort()), log,
                NettyTransport.Options.DEFAULTS, s);
        transports.add(t);
        t.start((from, m) -> received.complete(m));
        return t;
    }

    private static Message syn(long id) {
        return Message.gossip(id, System.currentTimeMillis(), new GossipDigestSyn("sec", "p", List.of()));
    }

    @Test
    void tlsWithClientCertificatesCarriesMessages() throws Exception {
        Lines la = new Lines();
        Lines lb = new Lines();
        CompletableFuture<Message> atB = new CompletableFuture<>();
        NettyTransport a = transport(security(tls(pki, "node-a", InternodeEncryption.ALL, null, true),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), la, new CompletableFuture<>());
        NettyTransport b = transport(security(tls(pki, "node-b", InternodeEncryption.ALL, null, true),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), lb, atB);
        a.send(b.localAddress(), syn(1));
        assertEquals(1, atB.get(20, TimeUnit.SECONDS).id());
        assertTrue(la.await("established").contains("messaging version 12, CRC frames, TLS"), la.lines.toString());
    }

    @Test
    void aTlsOnlyPortRefusesAPlainPeerAndOptionalTakesBoth() throws Exception {
        Lines lb = new Lines();
        CompletableFuture<Message> atB = new CompletableFuture<>();
        NettyTransport b = transport(security(tls(pki, "node-b", InternodeEncryption.ALL, null, false),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), lb, atB);
        NettyTransport plain = transport(Security.PLAIN, new Lines(), new CompletableFuture<>());
        plain.send(b.localAddress(), syn(1));
        assertTrue(lb.await("Closing inbound connection").contains("plain bytes to our TLS port"), lb.lines.toString());
        assertTrue(!atB.isDone(), "nothing plain gets through");

        Lines lo = new Lines();
        CompletableFuture<Message> atOptional = new CompletableFuture<>();
        NettyTransport optional = transport(security(tls(pki, "node-o", InternodeEncryption.ALL, true, false),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), lo, atOptional);
        plain.send(optional.localAddress(), syn(2));
        assertEquals(2, atOptional.get(20, TimeUnit.SECONDS).id(), "optional: a plain Initiate is answered");
        CompletableFuture<Message> again = new CompletableFuture<>();
        NettyTransport optional2 = transport(security(tls(pki, "node-p", InternodeEncryption.ALL, true, false),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), new Lines(), again);
        Lines lt = new Lines();
        NettyTransport tlsSender = transport(security(tls(pki, "node-t", InternodeEncryption.ALL, null, false),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), lt, new CompletableFuture<>());
        tlsSender.send(optional2.localAddress(), syn(3));
        assertEquals(3, again.get(20, TimeUnit.SECONDS).id(), "and so is TLS on the same port");
        assertTrue(lt.await("established").contains("TLS"));
    }

    @Test
    void aCertificateThePeerDoesNotTrustIsNamed() throws Exception {
        NettyTransport b = transport(security(tls(pki, "node-b", InternodeEncryption.ALL, null, true),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), new Lines(), new CompletableFuture<>());
        Lines la = new Lines();
        NettyTransport a = transport(security(tls(stranger, "node-x", InternodeEncryption.ALL, null, true),
                InternodeCompression.NONE, StorageCompatibilityMode.CASSANDRA_4), la, new CompletableFuture<>());
        a.send(b.localAddress(), syn(1));
        String failed = la.await("failed: ");
        assertTrue(failed.contains("untrusted certificate"), failed);
    }

    @Test
    void lz4AndMessagingVersion13AsTheConfigSays() throws Exception {
        Lines la = new Lines();
        CompletableFuture<Message> atB = new CompletableFuture<>();
        NettyTransport a = transport(security(ServerEncryption.NONE, InternodeCompression.ALL, StorageCompatibilityMode.NONE),
                la, new CompletableFuture<>());
        NettyTransport b = transport(security(ServerEncryption.NONE, InternodeCompression.NONE,
                StorageCompatibilityMode.NONE), new Lines(), atB);
        a.send(b.localAddress(), syn(1));
        atB.get(20, TimeUnit.SECONDS);
        assertTrue(la.await("established").contains("messaging version 13, LZ4 frames"), la.lines.toString());

        // a 5.0 peer in its default mode speaks 12: our Initiate offers 12..13 and it chooses 12
        Lines lc = new Lines();
        CompletableFuture<Message> atD = new CompletableFuture<>();
        NettyTransport c = transport(security(ServerEncryption.NONE, InternodeCompression.DC, StorageCompatibilityMode.NONE),
                lc, new CompletableFuture<>());
        NettyTransport d = transport(Security.PLAIN, new Lines(), atD);
        c.send(d.localAddress(), syn(2));
        atD.get(20, TimeUnit.SECONDS);
        // compression dc and a peer whose DC gossip has not told us: another DC, as for Cassandra
        assertTrue(lc.await("established").contains("messaging version 12, LZ4 frames"), lc.lines.toString());
    }
}
