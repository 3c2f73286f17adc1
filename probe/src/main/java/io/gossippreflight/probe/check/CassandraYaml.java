package io.gossippreflight.probe.check;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gossippreflight.probe.ProbeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a cassandra.yaml the check needs: seeds (the targets), cluster_name,
 * partitioner, storage_port, listen_address and num_tokens (key names as in Cassandra 5.0.9
 * conf/cassandra.yaml). Absent keys stay null; anything else in the file is ignored.
 *
 * @param seeds "host" or "host:port" entries of seed_provider[0].parameters[0].seeds
 */
public record CassandraYaml(List<String> seeds, String clusterName, String partitioner, Integer storagePort,
                            String listenAddress, Integer numTokens) {
    /** Largest file read: a cassandra.yaml is a few tens of kilobytes. */
    private static final long MAX_BYTES = 4L << 20;

    public CassandraYaml {
        seeds = List.copyOf(seeds);
    }

    public static CassandraYaml read(Path file) {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw ProbeException.usage(file + " is over 4 MiB: not a cassandra.yaml");
            }
            text = Files.readString(file);
        } catch (IOException e) {
            throw ProbeException.usage("cannot read --cassandra-yaml " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    static CassandraYaml parse(String text, String name) {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(text);
        } catch (JsonProcessingException e) {
            throw ProbeException.usage(name + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""));
        }
        if (root == null || !root.isObject()) {
            throw ProbeException.usage(name + " is not a cassandra.yaml: expected a mapping of keys (cluster_name: ...)");
        }
        List<String> seeds = new ArrayList<>();
        JsonNode sp = root.path("seed_provider");
        JsonNode first = sp.isArray() && sp.size() > 0 ? sp.get(0) : sp;
        JsonNode params = first.path("parameters");
        JsonNode p0 = params.isArray() && params.size() > 0 ? params.get(0) : params;
        JsonNode s = p0.path("seeds");
        if (s.isTextual()) {
            for (String seed : s.asText().split(",")) {
                if (!seed.isBlank()) {
                    seeds.add(seed.trim());
                }
            }
        }
        return new CassandraYaml(seeds, text(root, "cluster_name"), text(root, "partitioner"),
                integer(root, "storage_port", name), text(root, "listen_address"), integer(root, "num_tokens", name));
    }

    private static String text(JsonNode root, String key) {
        JsonNode n = root.get(key);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static Integer integer(JsonNode root, String key, String name) {
        JsonNode n = root.get(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.canConvertToInt()) {
            return n.asInt();
        }
        String t = n.asText().trim();
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw ProbeException.usage(name + ": " + key + " is '" + t + "', not a number");
        }
    }
}
