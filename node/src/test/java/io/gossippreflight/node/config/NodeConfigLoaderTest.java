package io.gossippreflight.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertEquals(List.of("198.18.1.2:7000", "198.18.1.3"), c.seeds());
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
        return e.getMessage();
    }

    @Test
    void errorsNameTheFileTheKeyAndTheFix() throws IOException {
        assertTrue(error(CASSANDRA_YAML.replace("listen_address: 198.18.2.2", "")).contains("listen_address is required"));
        assertTrue(error(CASSANDRA_YAML.replace("storage_port: 7000", "storage_port: 70000")).contains("storage_port must be in 1..65535"));
        assertTrue(error(CASSANDRA_YAML.replace("num_tokens: 16", "num_tokens: many")).contains("num_tokens must be an integer"));
        assertTrue(error(CASSANDRA_YAML.replace("phi_convict_threshold: 12", "phi_convict_threshold: -1")).contains("phi_convict_threshold"));
        assertTrue(error(CASSANDRA_YAML.replace("SimpleSnitch", "Ec2Snitch")).contains("not supported"));
        assertTrue(error(CASSANDRA_YAML.replace("198.18.1.2:7000, 198.18.1.3", " ")).contains("no seeds"));
        String noSeeds = error("cluster_name: x\nlisten_address: 1.2.3.4\n");
        assertTrue(noSeeds.contains("seed_provider is missing") && noSeeds.contains("SimpleSeedProvider"), noSeeds);
        assertTrue(error("cluster_name: [unclosed\n").contains("not valid YAML"));
        assertTrue(error("- just\n- a list\n").contains("must be a YAML mapping"));
        Path rackdc = write("cassandra-rackdc.properties", "dc=only\n");
        Path yaml = write("gpfs.yaml", CASSANDRA_YAML.replace("SimpleSnitch", "GossipingPropertyFileSnitch"));
        String m = assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(yaml)).getMessage();
        assertTrue(m.contains(rackdc.toString()) && m.contains("dc= and rack="), "names the properties file: " + m);
    }

    @Test
    void missingAndOversizedFilesAreInputErrors() throws IOException {
        NodeInputException e = assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(dir.resolve("nope.yaml")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
        Path big = dir.resolve("big.yaml");
        Files.write(big, new byte[NodeConfigLoader.MAX_CONFIG_BYTES + 1]);
        assertTrue(assertThrows(NodeInputException.class, () -> NodeConfigLoader.load(big)).getMessage().contains("limit"));
    }
}
