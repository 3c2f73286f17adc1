package io.gossippreflight.probe.check;

import io.gossippreflight.config.CassandraConfig;
import io.gossippreflight.config.CassandraYamlReader;
import io.gossippreflight.config.ConfigException;
import io.gossippreflight.config.ConfigFile;
import io.gossippreflight.config.NodeYamlKeys;
import io.gossippreflight.probe.ProbeException;
import io.gossippreflight.wire.gossip.HostAndPort;
import java.nio.file.Path;
import java.util.List;

/**
 * What the check takes from a cassandra.yaml, read by the project's one reader
 * ({@link CassandraYamlReader}): seeds (the targets), cluster_name, partitioner, storage_port,
 * listen_address and num_tokens. Absent keys stay null. The full wire settings (TLS,
 * compression, snitch, messaging version) are in {@link #config}; {@link #notices} lists the keys
 * nobody understood, once each.
 *
 * @param seeds "host:port" of seed_provider's seeds (ports defaulting to storage_port)
 */
public record CassandraYaml(List<String> seeds, String clusterName, String partitioner, Integer storagePort,
                            String listenAddress, Integer numTokens, CassandraConfig config, List<String> notices) {
    public CassandraYaml {
        seeds = List.copyOf(seeds);
        notices = List.copyOf(notices);
    }

    public static CassandraYaml read(Path file) {
        try {
            return of(CassandraYamlReader.read(file));
        } catch (ConfigException e) {
            throw ProbeException.usage("--cassandra-yaml: " + e.getMessage());
        }
    }

    static CassandraYaml parse(String text, String name) {
        try {
            return of(CassandraYamlReader.parse(text, name, Path.of(".")));
        } catch (ConfigException e) {
            throw ProbeException.usage(e.getMessage());
        }
    }

    private static CassandraYaml of(ConfigFile f) {
        CassandraConfig c = f.cassandra();
        boolean portSet = f.root().has("storage_port");
        return new CassandraYaml(c.seeds().stream().map(HostAndPort::toString).toList(),
                f.root().has("cluster_name") ? c.clusterName() : null, f.root().has("partitioner") ? c.partitioner() : null,
                portSet ? c.storagePort() : null, c.listenAddress(), c.numTokens(), c, f.notices(NodeYamlKeys.NAMES));
    }
}
