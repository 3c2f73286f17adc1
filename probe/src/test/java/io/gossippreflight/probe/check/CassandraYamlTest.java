package io.gossippreflight.probe.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gossippreflight.probe.ProbeException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CassandraYamlTest {
    @Test
    void readsTheKeysACheckNeeds() {
        CassandraYaml y = CassandraYaml.parse("""
                # a real file has dozens of other keys
                cluster_name: 'Prod Cluster'
                num_tokens: 256
                partitioner: org.apache.cassandra.dht.Murmur3Partitioner
                seed_provider:
                  - class_name: org.apache.cassandra.locator.SimpleSeedProvider
                    parameters:
                      - seeds: "198.18.1.2:7000, 198.18.1.3"
                listen_address: 198.18.2.2
                storage_port: 7001
                commitlog_sync: periodic
                """, "cassandra.yaml");
        assertEquals(List.of("198.18.1.2:7000", "198.18.1.3:7001"), y.seeds(), "ports default to storage_port");
        assertEquals("Prod Cluster", y.clusterName());
        assertEquals("org.apache.cassandra.dht.Murmur3Partitioner", y.partitioner());
        assertEquals(7001, y.storagePort());
        assertEquals("198.18.2.2", y.listenAddress());
        assertEquals(256, y.numTokens());
    }

    @Test
    void theWholeWireConfigAndUnknownKeysComeAlong() {
        CassandraYaml y = CassandraYaml.parse("""
                cluster_name: x
                internode_compression: dc
                storage_compatibility_mode: NONE
                listen_adress: 198.18.2.2
                admin_port: 7300
                """, "c.yaml");
        assertEquals("DC", y.config().internodeCompression().name());
        assertEquals(13, y.config().messagingVersion());
        assertEquals(1, y.notices().size(), "a node.yaml key is not unknown; a typo is: " + y.notices());
        assertTrue(y.notices().get(0).contains("c.yaml:4:1: unknown key listen_adress (did you mean listen_address?)"),
                y.notices().toString());
    }

    @Test
    void absentKeysAreNull() {
        CassandraYaml y = CassandraYaml.parse("cluster_name: x\n", "c.yaml");
        assertEquals(List.of(), y.seeds());
        assertNull(y.numTokens());
        assertNull(y.storagePort());
    }

    @Test
    void badInputNamesTheFile() {
        ProbeException e = assertThrows(ProbeException.class, () -> CassandraYaml.parse("a: [unclosed", "my.yaml"));
        assertEquals(ProbeException.Kind.USAGE, e.kind());
        assertTrue(e.getMessage().matches("my\\.yaml:1:\\d+: not valid YAML: .*"), e.getMessage());
        e = assertThrows(ProbeException.class, () -> CassandraYaml.parse("num_tokens: lots\n", "my.yaml"));
        assertTrue(e.getMessage().contains("my.yaml:1:13: num_tokens must be a whole number, got 'lots'"), e.getMessage());
        assertThrows(ProbeException.class, () -> CassandraYaml.parse("- just a list\n", "my.yaml"));
    }
}
