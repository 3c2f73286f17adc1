package io.gossippreflight.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.config.CassandraYamlReader;
import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.NodeInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigLoaderTest {
    @TempDir
    Path dir;

    /** The shape of a real cassandra.yaml (as the lab scripts write it), with keys we ignore. */
    private static final String CASSANDRA_YAML = """
            # a real cassandra.yaml has many comments
            cluster_name: 'cl-lab'
            num_tokens: 16
            partitioner: org.apache.cassandra.dht.Murmur3Partitioner
            seed_provider:
              - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                parameters:
                  - seeds: "198.18.1.2:7000, 198.18.1.3"
            listen_address: 198.18.2.2
            rpc_address: 198.18.2.2
            storage_port: 7000
            native_transport_port: 9042
            endpoint_snitch: SimpleSnitch
            data_file_directories: [/var/lib/cassandra/data]
            commitlog_sync: periodic
            commitlog_sync_period: 10000ms
            phi_convict_threshold: 12
            """;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void readsACassandraYamlAsIs() throws IOException {
        NodeConfig c = NodeConfigLoader.load(write("node.yaml", CASSANDRA_YAML));
        assertEquals("cl-lab", c.clusterName());
        assertEquals(List.of("198.18.1.2:7000", "198.18.1.3:7000"), c.seeds().stream().map(Object::toString).toList());
        assertEquals("198.18.2.2", c.listenAddress());
        assertEquals(7000, c.storagePort());
        assertEquals(16, c.numTokens());
        assertEquals(12.0, c.phiConvictThreshold());
        assertEquals("datacenter1", c.dc());
        assertEquals("rack1", c.rack());
        assertEquals(dir.resolve("data"), c.dataDirectory());
        assertEquals("127.0.0.1", c.adminAddress());
        assertEquals(NodeConfig.DEFAULT_ADMIN_PORT, c.adminPort());
        assertNull(c.quarantineDelay());
        GossipConfig g = c.gossipConfig();
        assertEquals("cl-lab", g.clusterName());
        assertEquals(12.0, g.phiConvictThreshold());
        assertEquals(Duration.ofHours(72), g.leftExpiry());
    }

    @Test
    void propertyFileSnitchAndOurKeys() throws IOException {
        write("cassandra-rackdc.properties", "# GossipingPropertyFileSnitch\ndc=eu-west\nrack=r2\n");
        NodeConfig c = NodeConfigLoader.load(write("node.yaml", CASSANDRA_YAML
                .replace("endpoint_snitch: SimpleSnitch", "endpoint_snitch: GossipingPropertyFileSnitch")
                + "data_directory: /tmp/x\nadmin_port: 7300\nring_delay_ms: 5000\nvery_long_time_ms: 600000\n"
                + "gossip_quarantine_delay_ms: 20000\n"));
        assertEquals("eu-west", c.dc());
        assertEquals("r2", c.rack());
        assertEquals(Path.of("/tmp/x"), c.dataDirectory());
        assertEquals(7300, c.adminPort());
        GossipConfig g = c.gossipConfig();
        assertEquals(Duration.ofSeconds(5), g.ringDelay());
        assertEquals(Duration.ofSeconds(20), g.quarantineDelay());
        assertEquals(Duration.ofMinutes(10), g.leftExpiry());
    }

    private String error(String yaml) throws IOException {
        Path p = write("bad.yaml", yaml);
        NodeInputException e = assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(p));
        assertTrue(e.getMessage().contains(p.toString()), "names the file: " + e.getMessage());
        assertFalse(e.getMessage().contains("\n  at "), "no stack trace");
        return e.getMessage();
    }

    @Test
    void errorsNameTheFileTheLineTheKeyAndTheFix() throws IOException {
        assertTrue(error(CASSANDRA_YAML.replace("listen_address: 198.18.2.2", "")).contains("listen_address is required"));
        assertTrue(error(CASSANDRA_YAML.replace("storage_port: 7000", "storage_port: 70000"))
                .contains("bad.yaml:11:15: storage_port is 70000; it must be in 1..65535"));
        assertTrue(error(CASSANDRA_YAML.replace("num_tokens: 16", "num_tokens: many"))
                .contains("bad.yaml:3:13: num_tokens must be a whole number, got 'many'"));
        assertTrue(error(CASSANDRA_YAML.replace("phi_convict_threshold: 12", "phi_convict_threshold: -1"))
                .contains("phi_convict_threshold is -1; it must be between 5 and 16"));
        assertTrue(error(CASSANDRA_YAML.replace("SimpleSnitch", "Ec2Snitch")).contains("the node needs its dc and rack"));
        assertTrue(error(CASSANDRA_YAML.replace("198.18.1.2:7000, 198.18.1.3", " ")).contains("lists no seeds"));
        assertTrue(error("cluster_name: x\nlisten_address: 1.2.3.4\n").contains("SimpleSeedProvider"));
        assertTrue(error("cluster_name: [unclosed\n").contains("not valid YAML"));
        assertTrue(error("- just\n- a list\n").contains("must be a mapping"));
        assertTrue(error(CASSANDRA_YAML + "broadcast_address: 203.0.113.1\n").contains("differs from listen_address"));
        // TLS is read; a keystore that is not there is refused when the node sets its connections up
        NodeConfig tls = NodeConfigLoader.load(write("tls.yaml", CASSANDRA_YAML
                + "server_encryption_options:\n  internode_encryption: all\n  keystore: " + dir.resolve("no.jks") + "\n"));
        String noKeystore = assertThrows(NodeInputException.class, () -> io.gossippreflight.node.NodeRunner.security(tls))
                .getMessage();
        assertTrue(noKeystore.contains("server_encryption_options.keystore " + dir.resolve("no.jks") + ": no such file"),
                noKeystore);
        Path rackdc = write("cassandra-rackdc.properties", "dc=only\n");
        Path yaml = write("gpfs.yaml", CASSANDRA_YAML.replace("SimpleSnitch", "GossipingPropertyFileSnitch"));
        String m = assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(yaml)).getMessage();
        assertTrue(m.contains(rackdc.toString()) && m.contains("dc= and rack="), "names the properties file: " + m);
    }

    /** The cases the hardening issue found accepted: every one now refused with its bound and reason. */
    @Test
    void valuesBeyondTheirBoundsAreRefusedWithTheReason() throws IOException {
        String m = error(CASSANDRA_YAML + "ring_delay_ms: 99999999999999\n");
        assertTrue(m.contains("bad.yaml:18:16: ring_delay_ms is 99999999999999 milliseconds; it must be between 100 ms and 1 h"), m);
        m = error(CASSANDRA_YAML.replace("cluster_name: 'cl-lab'", "cluster_name: '" + "c".repeat(70_000) + "'"));
        assertTrue(m.contains("bad.yaml:2:15: cluster_name is 70000 bytes of (modified) UTF-8, over the 65535 bytes"), m);
        assertTrue(error(CASSANDRA_YAML + "very_long_time_ms: 0\n").contains("very_long_time_ms is 0 milliseconds"));
        assertTrue(error(CASSANDRA_YAML + "shutdown_announce_in_ms: 3600000\n").contains("between 0 ms and 1 min"));
        assertTrue(error(CASSANDRA_YAML + "internode_max_message_size: 1GiB\n").contains("at most the endpoint reserve"));
        assertTrue(error(CASSANDRA_YAML + "internode_inbound_idle_timeout: 0\n").contains("between 1 s and 24 h"));
        assertTrue(error(CASSANDRA_YAML + "admin_port: 0\n").contains("admin_port is 0; it must be in 1..65535"));
    }

    @Test
    void metricsAreOffUnlessAnAddressIsGiven() throws IOException {
        assertNull(NodeConfigLoader.load(write("n.yaml", CASSANDRA_YAML)).metricsAddress());
        assertEquals("127.0.0.1:9465", NodeConfigLoader.load(write("m.yaml", CASSANDRA_YAML
                + "metrics_address: 127.0.0.1:9465\n")).metricsAddress());
        assertTrue(NodeConfigLoader.load(write("q.yaml", CASSANDRA_YAML + "metrics_address: 127.0.0.1\n")).notices()
                .stream().noneMatch(n -> n.contains("metrics_address")), "a key the node knows");
        String m = error(CASSANDRA_YAML + "metrics_address: 127.0.0.1:99999\n");
        assertTrue(m.contains("bad.yaml:18:18: metrics_address must be ADDRESS[:PORT], e.g. 127.0.0.1:9465: port 99999"), m);
    }

    @Test
    void malformedYamlIsOneLine() throws IOException {
        String m = error("cluster_name: x\n  listen_address: y\n");
        assertFalse(m.contains("\n"), m);
        assertTrue(m.contains("bad.yaml:2:17: not valid YAML: mapping values are not allowed here"), m);
    }

    @Test
    void unknownKeysAreNoticedAndTheReceiveLimitsRead() throws IOException {
        NodeConfig c = NodeConfigLoader.load(write("node.yaml", CASSANDRA_YAML + """
                listen_adress: 198.18.2.3
                internode_compression: dc
                internode_max_message_size: 8MiB
                internode_application_receive_queue_reserve_endpoint_capacity: 16MiB
                internode_application_receive_queue_reserve_global_capacity: 48MiB
                internode_max_connections_per_peer: 6
                internode_inbound_idle_timeout: 90s
                """));
        assertEquals(1, c.notices().size(), "internode_compression is understood now: " + c.notices());
        assertTrue(c.notices().get(0).contains("node.yaml:18:1: unknown key listen_adress (did you mean listen_address?)"),
                c.notices().toString());
        assertEquals(io.gossippreflight.config.InternodeCompression.DC, c.cassandra().internodeCompression());
        assertEquals(new InboundLimits(8L << 20, 16L << 20, 48L << 20, 6, 4096, Duration.ofSeconds(90)), c.inbound());
        assertEquals(InboundLimits.DEFAULTS, NodeConfigLoader.load(write("n2.yaml", CASSANDRA_YAML)).inbound());
    }

    @Test
    void anAdminApiBeyondLoopbackGetsATokenFile() throws IOException {
        assertNull(NodeConfigLoader.load(write("a.yaml", CASSANDRA_YAML)).adminTokenFile(), "loopback: none needed");
        NodeConfig c = NodeConfigLoader.load(write("b.yaml", CASSANDRA_YAML + "admin_address: 0.0.0.0\n"));
        assertEquals(dir.resolve("data").resolve("admin.token"), c.adminTokenFile());
        c = NodeConfigLoader.load(write("c.yaml", CASSANDRA_YAML + "admin_token_file: secrets/admin\n"));
        assertEquals(dir.resolve("secrets/admin"), c.adminTokenFile(), "set on loopback too: then it is required there");
    }

    @Test
    void missingOversizedAndNonRegularFilesAreInputErrors() throws Exception {
        NodeInputException e = assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(dir.resolve("nope.yaml")));
        assertEquals("cannot read config file " + dir.resolve("nope.yaml") + ": no such file", e.getMessage());
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[CassandraYamlReader.MAX_FILE_BYTES + 1]);
        assertTrue(assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(big)).getMessage().contains("limit"));
        Path fifo = dir.resolve("node.fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertTrue(mk.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && mk.exitValue() == 0);
        e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(fifo)), "a FIFO used to hang");
        assertTrue(e.getMessage().contains("it is a pipe, socket or device, not a regular file"), e.getMessage());
    }
}
