package io.gossippreflight.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.wire.gossip.HostAndPort;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CassandraYamlReaderTest {
    @TempDir
    Path dir;

    /** The wire-relevant part of a production cassandra.yaml (Cassandra 5.0 key names), with keys we do not read. */
    private static final String PROD = """
            # comments everywhere, as in conf/cassandra.yaml
            cluster_name: 'Prod Cluster'
            num_tokens: 256
            partitioner: Murmur3Partitioner
            seed_provider:
              - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                parameters:
                  - seeds: "198.18.1.2:7010, 198.18.1.3, [2001:db8::1]:7012"
            listen_address: 198.18.2.2
            broadcast_address: 203.0.113.9
            storage_port: 7010
            ssl_storage_port: 7011
            server_encryption_options:
              internode_encryption: dc
              optional: false
              keystore: conf/.keystore
              keystore_password: s3cret
              truststore: conf/.truststore
              truststore_password: t4ust
              store_type: PKCS12
              protocol: TLS
              accepted_protocols: [TLSv1.2, TLSv1.3]
              cipher_suites: [TLS_AES_256_GCM_SHA384, TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]
              require_client_auth: false
              require_endpoint_verification: true
            internode_compression: dc
            endpoint_snitch: GossipingPropertyFileSnitch
            storage_compatibility_mode: NONE
            commitlog_sync: periodic
            commitlog_sync_period: 10000ms
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private ConfigException error(String yaml) throws IOException {
        Path p = write("bad.yaml", yaml);
        return assertThrows(ConfigException.class, () -> CassandraYamlReader.read(p));
    }

    @Test
    void readsEveryWireKeyOfAProductionFile() throws IOException {
        write("cassandra-rackdc.properties", "dc=eu-west\nrack=r2\nprefer_local=true\n");
        ConfigFile f = CassandraYamlReader.read(write("cassandra.yaml", PROD));
        CassandraConfig c = f.cassandra();
        assertEquals("Prod Cluster", c.clusterName());
        assertEquals("org.apache.cassandra.dht.Murmur3Partitioner", c.partitioner(), "short names get Cassandra's package");
        assertEquals(256, c.numTokens());
        assertEquals(List.of(new HostAndPort("198.18.1.2", 7010, true), new HostAndPort("198.18.1.3", 7010, false),
                new HostAndPort("2001:db8::1", 7012, true)), c.seeds(), "ports default to storage_port");
        assertEquals(3, c.seedCount());
        assertEquals("198.18.2.2", c.listenAddress());
        assertEquals("203.0.113.9", c.broadcastAddress());
        assertEquals(7010, c.storagePort());
        assertEquals(7011, c.sslStoragePort());
        ServerEncryption e = c.encryption();
        assertEquals(InternodeEncryption.DC, e.internodeEncryption());
        assertEquals(Boolean.FALSE, e.optional());
        assertEquals("s3cret", e.keystorePassword());
        assertEquals("t4ust", e.truststorePassword());
        assertEquals(StoreType.PKCS12, e.storeType());
        assertEquals(List.of("TLSv1.2", "TLSv1.3"), e.acceptedProtocols());
        assertEquals(2, e.cipherSuites().size());
        assertTrue(e.requireEndpointVerification());
        assertFalse(e.toString().contains("s3cret"), "passwords stay out of logs");
        assertTrue(e.acceptsPlain(true), "dc mode accepts plain connections inside the dc, whatever optional says");
        assertEquals(InternodeCompression.DC, c.internodeCompression());
        assertEquals(new Snitch("org.apache.cassandra.locator.GossipingPropertyFileSnitch", "eu-west", "r2", true,
                dir.resolve("cassandra-rackdc.properties").toString()), c.snitch());
        assertEquals(StorageCompatibilityMode.NONE, c.storageCompatibilityMode());
        assertEquals(13, c.messagingVersion());
        assertEquals(List.of(), f.notices(Set.of()), "every key is Cassandra's or ours: nothing to report");
        assertEquals(List.of("commitlog_sync", "commitlog_sync_period"), f.otherCassandraKeys());
    }

    @Test
    void defaultsAreCassandras() {
        CassandraConfig c = CassandraYamlReader.parse("listen_address: 198.18.1.2\n", "c.yaml", Path.of(".")).cassandra();
        assertEquals("Test Cluster", c.clusterName());
        assertEquals(CassandraConfig.MURMUR3, c.partitioner());
        assertNull(c.numTokens());
        assertEquals(List.of(), c.seeds());
        assertEquals(7000, c.storagePort());
        assertEquals(ServerEncryption.NONE, c.encryption());
        assertEquals(InternodeCompression.NONE, c.internodeCompression());
        assertEquals("datacenter1", c.snitch().dc());
        assertEquals(StorageCompatibilityMode.CASSANDRA_4, c.storageCompatibilityMode());
        assertEquals(12, c.messagingVersion());
    }

    @Test
    void pemKeysThroughTheSslContextFactory() throws IOException {
        ConfigFile f = CassandraYamlReader.read(write("c.yaml", """
                server_encryption_options:
                  internode_encryption: all
                  store_type: PEM
                  require_client_auth: true
                  ssl_context_factory:
                    class_name: org.apache.cassandra.security.PEMBasedSslContextFactory
                    parameters:
                      private_key: |
                        -----BEGIN PRIVATE KEY-----
                        MIIB
                        -----END PRIVATE KEY-----
                      trusted_certificates: "-----BEGIN CERTIFICATE-----"
                """));
        ServerEncryption e = f.cassandra().encryption();
        assertEquals(StoreType.PEM, e.storeType());
        assertTrue(e.requireClientAuth());
        assertEquals(ServerEncryption.PEM_FACTORY, e.sslContextFactory());
        assertTrue(e.factoryParameters().get("private_key").contains("MIIB"));
        assertFalse(e.acceptsPlain(true), "all + optional unset + keystore: TLS only");
        assertEquals(List.of(), f.notices(Set.of()));
    }

    @Test
    void unknownKeysAreReportedOnceWithTheirLineAndASuggestion() throws IOException {
        ConfigFile f = CassandraYamlReader.read(write("c.yaml", """
                cluster_name: x
                listen_adress: 198.18.1.2
                admin_prot: 7300
                server_encryption_options:
                  internode_encryption: none
                  keystore_pasword: x
                """));
        List<String> n = f.notices(Set.of("admin_port"));
        assertEquals(3, n.size(), n.toString());
        assertTrue(n.stream().anyMatch(s -> s.matches(".*c\\.yaml:6:3: unknown key server_encryption_options\\.keystore_pasword "
                + "\\(did you mean keystore_password\\?\\).*")), n.toString());
        assertTrue(n.stream().anyMatch(s -> s.matches(".*c\\.yaml:2:1: unknown key listen_adress \\(did you mean listen_address\\?\\).*")),
                n.toString());
        assertTrue(n.stream().anyMatch(s -> s.contains("admin_prot (did you mean admin_port?)")), n.toString());
        assertEquals(n, f.notices(Set.of("admin_port")), "asking twice gives the same list, not more");
    }

    @Test
    void namesOverTheWireLimitAreRefusedWithLineAndColumn() throws IOException {
        String m = error("listen_address: 198.18.1.2\ncluster_name: " + "x".repeat(70_000) + "\n").getMessage();
        assertTrue(m.matches(".*bad\\.yaml:2:15: cluster_name is 70000 bytes .* over the 65535 bytes a gossip string can carry.*"), m);
        // 30,000 three-byte characters are 90,000 bytes on the wire though only 30,000 characters
        m = error("cluster_name: " + "\u20ac".repeat(30_000) + "\n").getMessage();
        assertTrue(m.contains("90000 bytes"), m);
        assertEquals("x".repeat(65_535), CassandraYamlReader.parse("cluster_name: " + "x".repeat(65_535), "c", dir)
                .cassandra().clusterName(), "the limit itself is fine");
    }

    @Test
    void boundsAndReasonsForEveryWireKey() throws IOException {
        assertTrue(error("num_tokens: 2000\n").getMessage().matches(".*:1:13: num_tokens is 2000; it must be in 1\\.\\.1536"), "");
        assertTrue(error("num_tokens: lots\n").getMessage().contains("num_tokens must be a whole number, got 'lots'"));
        assertTrue(error("storage_port: 70000\n").getMessage().contains("storage_port is 70000; it must be in 1..65535"));
        assertTrue(error("partitioner: 'not a class'\n").getMessage().contains("is not a Java class name"));
        assertTrue(error("internode_compression: sometimes\n").getMessage().contains("use one of all, dc, none"));
        assertTrue(error("storage_compatibility_mode: CASSANDRA_3\n").getMessage()
                .contains("use one of cassandra_4, upgrading, none"));
        assertTrue(error("server_encryption_options:\n  internode_encryption: some\n").getMessage()
                .contains("bad.yaml:2:25: server_encryption_options.internode_encryption is 'some'; use one of all, dc, rack, none"));
        assertTrue(error("server_encryption_options:\n  store_type: P12\n").getMessage().contains("use one of jks, pkcs12, pem"));
        assertTrue(error("server_encryption_options:\n  accepted_protocols: [TLSv1.2, 'DROP TABLE']\n").getMessage()
                .contains("not a TLS protocol"));
        assertTrue(error("server_encryption_options:\n  legacy_ssl_storage_port_enabled: true\n").getMessage()
                .contains("with internode_encryption none"));
        assertTrue(error("seed_provider:\n  - parameters:\n      - seeds: \"198.18.1.2:99999\"\n").getMessage()
                .contains("seed_provider.parameters.seeds entry '198.18.1.2:99999': port 99999 is not in 1..65535"));
        assertTrue(error("seed_provider:\n  - parameters:\n      - seeds: \"" + "1.2.3.4,".repeat(1001) + "\"\n").getMessage()
                .contains("lists 1001 entries; at most 1000"));
        assertTrue(error("listen_address: 198.18.1.2\nlisten_interface: eth0\n").getMessage().contains("set only one"));
        assertTrue(error("cluster_name: a\ncluster_name: b\n").getMessage().contains("bad.yaml:2:1: cluster_name appears twice"));
        assertTrue(error("cluster_name: [a, b]\n").getMessage().contains("cluster_name must be a single value, not a list"));
    }

    @Test
    void malformedYamlIsOneLineWithItsPlace() throws IOException {
        String m = error("cluster_name: 'x\nlisten_address: [1\n").getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.matches("\\S*bad\\.yaml:\\d+:\\d+: not valid YAML: .*"), m);
        m = error("a: b\n  c: d\n").getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("bad.yaml:2:4: not valid YAML: mapping values are not allowed here"), m);
        assertTrue(error("- just a list\n").getMessage().contains("must be a mapping of cassandra.yaml keys"));
        assertTrue(error("").getMessage().contains("is empty"));
        // an alias bomb: bounded before anything is built
        StringBuilder bomb = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 12; i++) {
            bomb.append((char) ('a' + i)).append(": &").append((char) ('a' + i)).append(" [");
            bomb.append(("*" + (char) ('a' + i - 1) + ", ").repeat(9)).append("]\n");
        }
        assertTrue(error(bomb.toString()).getMessage().contains("not valid YAML"));
    }

    @Test
    void filesThatAreNotRegularAreRefusedAtOnceWithTheReason() throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0);
        // before: Files.readString on the FIFO blocked until a writer came
        ConfigException e = assertThrows(ConfigException.class, () -> CassandraYamlReader.read(fifo));
        assertTrue(e.getMessage().contains("fifo.yaml: it is a pipe, socket or device, not a regular file"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> CassandraYamlReader.read(dir));
        assertTrue(e.getMessage().contains("it is a directory"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> CassandraYamlReader.read(dir.resolve("nope.yaml")));
        assertEquals("cannot read config file " + dir.resolve("nope.yaml") + ": no such file", e.getMessage());
        e = assertThrows(ConfigException.class, () -> CassandraYamlReader.read(Path.of("/dev/zero")));
        assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[CassandraYamlReader.MAX_FILE_BYTES + 1]);
        assertTrue(assertThrows(ConfigException.class, () -> CassandraYamlReader.read(big)).getMessage().contains("over the limit"));
    }

    @Test
    void snitches() throws IOException {
        assertTrue(error("endpoint_snitch: GossipingPropertyFileSnitch\n").getMessage()
                .contains("cannot read snitch properties file " + dir.resolve("cassandra-rackdc.properties") + ": no such file"));
        write("cassandra-rackdc.properties", "dc=only\n");
        assertTrue(error("endpoint_snitch: GossipingPropertyFileSnitch\n").getMessage().contains("must set both dc= and rack="));
        Snitch s = CassandraYamlReader.parse("endpoint_snitch: RackInferringSnitch\nlisten_address: 10.20.30.40\n", "c", dir)
                .cassandra().snitch();
        assertEquals("20", s.dc());
        assertEquals("30", s.rack());
        s = CassandraYamlReader.parse("endpoint_snitch: Ec2Snitch\n", "c", dir).cassandra().snitch();
        assertFalse(s.placementKnown());
        assertEquals("Ec2Snitch", s.shortName());
    }

    @Test
    void notices() {
        ConfigFile f = CassandraYamlReader.parse("""
                server_encryption_options:
                  enabled: true
                  internode_encryption: dc
                  require_client_auth: true
                """, "c.yaml", dir);
        List<String> n = f.notices(Set.of());
        assertEquals(1, n.size(), n.toString());
        assertTrue(n.get(0).contains("c.yaml:4:24: require_client_auth with internode_encryption dc can be bypassed"), n.toString());
        f = CassandraYamlReader.parse("server_encryption_options:\n  enabled: true\n", "c.yaml", dir);
        assertTrue(f.notices(Set.of()).get(0).contains("has no effect"), f.notices(Set.of()).toString());
        assertEquals(Map.of(), f.cassandra().encryption().factoryParameters());
    }
}
