package io.gossippreflight.node.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gossippreflight.node.GossipConfig;
import io.gossippreflight.node.NodeInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Reads node.yaml. It accepts a cassandra.yaml as is (unknown keys are ignored) and uses:
 * cluster_name, partitioner, seed_provider[0].parameters[0].seeds, listen_address,
 * storage_port, num_tokens, phi_convict_threshold, endpoint_snitch (SimpleSnitch, or
 * GossipingPropertyFileSnitch with dc/rack from cassandra-rackdc.properties beside the file).
 * Ours: data_directory, admin_address, admin_port, log_file, rackdc_file, and the timing
 * overrides Cassandra takes as system properties: ring_delay_ms, gossip_quarantine_delay_ms,
 * very_long_time_ms, shutdown_announce_in_ms.
 */
public final class NodeConfigLoader {
    /** A cassandra.yaml is ~80 KB with all its comments; anything far larger is not one. */
    static final int MAX_CONFIG_BYTES = 1 << 20;
    static final int MAX_SEEDS = 1000;
    private static final Set<String> SIMPLE_SNITCHES = Set.of("SimpleSnitch", "org.apache.cassandra.locator.SimpleSnitch");
    private static final Set<String> PROPERTY_SNITCHES = Set.of("GossipingPropertyFileSnitch",
            "org.apache.cassandra.locator.GossipingPropertyFileSnitch");

    private NodeConfigLoader() {
    }

    public static NodeConfig load(Path file) {
        String text = readBounded(file, "config file");
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(new StringReader(text));
        } catch (JacksonException e) {
            throw new NodeInputException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() != null ? " (line " + e.getLocation().getLineNr() + ")" : ""), e);
        } catch (IOException e) {
            throw new NodeInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new NodeInputException(file + " must be a YAML mapping of cassandra.yaml keys (cluster_name: ..., listen_address: ...)");
        }
        Keys k = new Keys(file, root);
        Path base = file.toAbsolutePath().getParent();

        String clusterName = k.string("cluster_name", "Test Cluster");
        String partitioner = k.string("partitioner", GossipConfig.MURMUR3_PARTITIONER);
        String listen = k.required("listen_address");
        int storagePort = k.port("storage_port", 7000);
        int numTokens = k.intIn("num_tokens", 16, 1, 1536);
        double phi = k.number("phi_convict_threshold", 8.0);
        if (!(phi > 0)) {
            throw k.bad("phi_convict_threshold", "must be a positive number");
        }
        List<String> seeds = seeds(k, root);

        String snitch = k.string("endpoint_snitch", "SimpleSnitch");
        String dc;
        String rack;
        if (SIMPLE_SNITCHES.contains(snitch)) {
            dc = "datacenter1";
            rack = "rack1";
        } else if (PROPERTY_SNITCHES.contains(snitch)) {
            Path rackdc = base.resolve(k.string("rackdc_file", "cassandra-rackdc.properties"));
            String[] dcRack = readRackDc(rackdc);
            dc = dcRack[0];
            rack = dcRack[1];
        } else {
            throw k.bad("endpoint_snitch", "'" + snitch + "' is not supported; use SimpleSnitch or "
                    + "GossipingPropertyFileSnitch (dc/rack in cassandra-rackdc.properties)");
        }

        Path dataDir = base.resolve(k.string("data_directory", "data"));
        String adminAddress = k.string("admin_address", "127.0.0.1");
        int adminPort = k.port("admin_port", NodeConfig.DEFAULT_ADMIN_PORT);
        Path logFile = base.resolve(k.string("log_file", dataDir.resolve("logs").resolve("node.log").toString()));
        Duration ringDelay = k.millis("ring_delay_ms", Duration.ofSeconds(30));
        Duration quarantine = root.has("gossip_quarantine_delay_ms") ? k.millis("gossip_quarantine_delay_ms", null) : null;
        Duration leftExpiry = k.millis("very_long_time_ms", Duration.ofHours(72));
        Duration shutdownAnnounce = k.millis("shutdown_announce_in_ms", Duration.ofSeconds(2));

        NodeConfig c = new NodeConfig(file, clusterName, partitioner, seeds, listen, storagePort, numTokens, phi,
                snitch, dc, rack, dataDir, adminAddress, adminPort, logFile, ringDelay, quarantine, leftExpiry,
                shutdownAnnounce);
        try {
            c.gossipConfig();
        } catch (IllegalArgumentException e) {
            throw new NodeInputException(file + ": " + e.getMessage(), e);
        }
        return c;
    }

    /** seed_provider: [{class_name: ..., parameters: [{seeds: "a,b:7001"}]}] as in cassandra.yaml. */
    private static List<String> seeds(Keys k, JsonNode root) {
        JsonNode sp = root.get("seed_provider");
        if (sp == null || sp.isNull()) {
            throw k.bad("seed_provider", "is missing; add\n  seed_provider:\n    - class_name: "
                    + "org.apache.cassandra.locator.SimpleSeedProvider\n      parameters:\n        - seeds: \"IP:7000\"");
        }
        JsonNode seedsNode = sp.path(0).path("parameters").path(0).path("seeds");
        if (!seedsNode.isTextual()) {
            throw k.bad("seed_provider", "needs parameters: - seeds: \"IP[:port],...\" under its first entry");
        }
        List<String> seeds = new ArrayList<>();
        for (String s : seedsNode.asText().split(",")) {
            String t = s.trim();
            if (!t.isEmpty()) {
                seeds.add(t);
            }
        }
        if (seeds.isEmpty()) {
            throw k.bad("seed_provider", "lists no seeds; name at least one seed address");
        }
        if (seeds.size() > MAX_SEEDS) {
            throw k.bad("seed_provider", "lists " + seeds.size() + " seeds (limit " + MAX_SEEDS + ")");
        }
        return List.copyOf(seeds);
    }

    private static String[] readRackDc(Path file) {
        String text = readBounded(file, "snitch properties file");
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new NodeInputException(file + " is not a properties file: " + e.getMessage(), e);
        }
        String dc = p.getProperty("dc", "").trim();
        String rack = p.getProperty("rack", "").trim();
        if (dc.isEmpty() || rack.isEmpty()) {
            throw new NodeInputException(file + " must set both dc= and rack= (GossipingPropertyFileSnitch)");
        }
        return new String[] {dc, rack};
    }

    private static String readBounded(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_CONFIG_BYTES) {
                throw new NodeInputException(what + " " + file + " is " + size + " bytes (limit " + MAX_CONFIG_BYTES
                        + "); point at the right file");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new NodeInputException(what + " " + file + " does not exist; give the path of your node.yaml", e);
        } catch (IOException e) {
            throw new NodeInputException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Typed access to top-level keys; every error names the file and the key. */
    private record Keys(Path file, JsonNode root) {
        NodeInputException bad(String key, String why) {
            return new NodeInputException(file + ": " + key + " " + why);
        }

        String string(String key, String dflt) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (!n.isValueNode()) {
                throw bad(key, "must be a single value");
            }
            String v = n.asText().trim();
            return v.isEmpty() ? dflt : v;
        }

        String required(String key) {
            String v = string(key, null);
            if (v == null) {
                throw bad(key, "is required (the address this node gossips on, e.g. listen_address: 198.18.1.2)");
            }
            return v;
        }

        long integer(String key, long dflt) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (n.isIntegralNumber()) {
                return n.asLong();
            }
            if (n.isTextual()) {
                try {
                    return Long.parseLong(n.asText().trim());
                } catch (NumberFormatException e) {
                    // fall through
                }
            }
            throw bad(key, "must be an integer, got '" + n.asText() + "'");
        }

        int intIn(String key, int dflt, int min, int max) {
            long v = integer(key, dflt);
            if (v < min || v > max) {
                throw bad(key, "must be in " + min + ".." + max + ", got " + v);
            }
            return (int) v;
        }

        int port(String key, int dflt) {
            return intIn(key, dflt, 1, 65535);
        }

        double number(String key, double dflt) {
            JsonNode n = root.get(key);
            if (n == null || n.isNull()) {
                return dflt;
            }
            if (n.isNumber()) {
                return n.asDouble();
            }
            try {
                return Double.parseDouble(n.asText().trim());
            } catch (NumberFormatException e) {
                throw bad(key, "must be a number, got '" + n.asText() + "'");
            }
        }

        Duration millis(String key, Duration dflt) {
            long v = integer(key, dflt == null ? -1 : dflt.toMillis());
            if (v <= 0) {
                throw bad(key, "must be a positive number of milliseconds, got " + v);
            }
            return Duration.ofMillis(v);
        }
    }
}
