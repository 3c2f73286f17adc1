package io.gossippreflight.config;

import io.gossippreflight.wire.gossip.HostAndPort;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The one reader of cassandra.yaml (and of node.yaml, which is a cassandra.yaml with a few keys
 * more): {@link #read(Path)} parses the file, reads every key that changes what goes on the wire
 * into a {@link CassandraConfig}, and returns a {@link ConfigFile} on which the caller reads its
 * own keys and then asks for the keys nobody understood. Key names, defaults and bounds follow
 * Cassandra 5.0.9 (config/Config.java, config/DatabaseDescriptor.java, config/EncryptionOptions.java).
 */
public final class CassandraYamlReader {
    /** A cassandra.yaml with every comment is ~100 KB; a file far larger is not one. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** cassandra-rackdc.properties has two or three lines. */
    static final int MAX_PROPERTIES_BYTES = 64 << 10;
    public static final int MAX_SEEDS = 1000;
    static final int MAX_PATH = 4096;
    static final int MAX_SECRET = 4096;

    private static final Set<String> CLOUD_SNITCHES = Set.of("Ec2Snitch", "Ec2MultiRegionSnitch", "GoogleCloudSnitch",
            "AzureSnitch", "AlibabaCloudSnitch", "CloudstackSnitch");
    private static final Set<String> ENCRYPTION_KEYS = Set.of("ssl_context_factory", "keystore", "keystore_password",
            "outbound_keystore", "outbound_keystore_password", "truststore", "truststore_password", "cipher_suites",
            "protocol", "accepted_protocols", "algorithm", "store_type", "require_client_auth",
            "require_endpoint_verification", "enabled", "optional", "internode_encryption",
            "legacy_ssl_storage_port_enabled", "enable_legacy_ssl_storage_port");

    private CassandraYamlReader() {
    }

    /** Reads the file (a regular file of at most 1 MiB). Errors are {@link ConfigException}s, one line each. */
    public static ConfigFile read(Path file) {
        String text = ConfigFiles.readRegular(file, "config file", MAX_FILE_BYTES);
        return parse(text, file.toString(), file.toAbsolutePath().getParent());
    }

    /**
     * Reads YAML text; {@code name} names it in messages, {@code base} is where relative files
     * (cassandra-rackdc.properties) are looked for.
     */
    public static ConfigFile parse(String text, String name, Path base) {
        YamlMap root = YamlMap.parse(text, name);
        List<String> notices = new ArrayList<>();
        int storagePort = root.integer("storage_port", CassandraConfig.DEFAULT_STORAGE_PORT, 1, 65535);
        int sslStoragePort = root.integer("ssl_storage_port", CassandraConfig.DEFAULT_SSL_STORAGE_PORT, 1, 65535);
        String clusterName = root.wireName("cluster_name", CassandraConfig.DEFAULT_CLUSTER_NAME);
        String partitioner = partitioner(root);
        Long tokens = root.integer("num_tokens", null, 1, CassandraConfig.MAX_NUM_TOKENS, null);
        SeedList seeds = seeds(root, storagePort, notices);
        String listen = address(root, "listen_address");
        String listenInterface = root.string("listen_interface", null, 64);
        root.optionalBool("listen_interface_prefer_ipv6");
        String broadcast = address(root, "broadcast_address");
        if (listen != null && listenInterface != null) {
            throw root.bad("listen_interface", "and listen_address are both set; set only one (as Cassandra requires)");
        }
        ServerEncryption enc = encryption(root, notices);
        InternodeCompression compression = root.choice("internode_compression", InternodeCompression.NONE,
                InternodeCompression.class);
        Snitch snitch = snitch(root, base, broadcast != null ? broadcast : listen);
        StorageCompatibilityMode mode = root.choice("storage_compatibility_mode", StorageCompatibilityMode.CASSANDRA_4,
                StorageCompatibilityMode.class);
        CassandraConfig c = new CassandraConfig(name, clusterName, partitioner, tokens == null ? null : tokens.intValue(),
                seeds.seeds, seeds.provider, listen, listenInterface, broadcast, storagePort, sslStoragePort, enc,
                compression, snitch, mode);
        return new ConfigFile(root, c, notices);
    }

    /** Short names get Cassandra's package, as FBUtilities.newPartitioner does; SYNs carry the full name. */
    private static String partitioner(YamlMap root) {
        String p = root.wireName("partitioner", CassandraConfig.MURMUR3);
        if (!p.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
            throw root.bad("partitioner", "'" + p + "' is not a Java class name (e.g. Murmur3Partitioner or "
                    + CassandraConfig.MURMUR3 + ")");
        }
        return p.contains(".") ? p : "org.apache.cassandra.dht." + p;
    }

    private static String address(YamlMap root, String key) {
        String a = root.string(key, null, HostAndPort.MAX_HOST_LENGTH);
        if (a != null && (a.contains(" ") || a.contains("/"))) {
            throw root.bad(key, "'" + a + "' is not an address; write an IP address (or a host name) without a port");
        }
        return a;
    }

    private record SeedList(List<HostAndPort> seeds, String provider) {
    }

    /** seed_provider: [{class_name: ..., parameters: [{seeds: "a,b:7001"}]}], as in cassandra.yaml. */
    private static SeedList seeds(YamlMap root, int storagePort, List<String> notices) {
        YamlMap sp = root.firstOfList("seed_provider");
        if (sp == null) {
            return new SeedList(List.of(), null);
        }
        String provider = sp.string("class_name", "org.apache.cassandra.locator.SimpleSeedProvider", 512);
        YamlMap params = sp.firstOfList("parameters");
        List<String> raw = params == null ? null : params.strings("seeds", MAX_SEEDS, HostAndPort.MAX_HOST_LENGTH + 8);
        if (params != null) {
            unknownNested(params, Set.of(), notices);
        }
        unknownNested(sp, Set.of(), notices);
        if (raw == null) {
            if (!provider.endsWith("SimpleSeedProvider")) {
                notices.add(sp.whereSelf() + "seed_provider " + provider + " lists no seeds in its parameters; only "
                        + "SimpleSeedProvider's seeds are read");
            }
            return new SeedList(List.of(), provider);
        }
        List<HostAndPort> out = new ArrayList<>();
        for (String s : raw) {
            try {
                out.add(HostAndPort.parse(s, storagePort));
            } catch (IllegalArgumentException e) {
                throw params.bad("seeds", "entry '" + s + "': " + e.getMessage() + " (write IP[:PORT],IP[:PORT],...)");
            }
        }
        return new SeedList(List.copyOf(out), provider);
    }

    private static ServerEncryption encryption(YamlMap root, List<String> notices) {
        YamlMap m = root.map("server_encryption_options");
        if (m == null) {
            return ServerEncryption.NONE;
        }
        InternodeEncryption mode = m.choice("internode_encryption", InternodeEncryption.NONE, InternodeEncryption.class);
        Boolean enabled = m.optionalBool("enabled");
        if (enabled != null && enabled && mode == InternodeEncryption.NONE) {
            notices.add(m.where("enabled") + "server_encryption_options.enabled has no effect on internode connections; "
                    + "set internode_encryption (all, dc or rack), as Cassandra says");
        }
        Boolean optional = m.optionalBool("optional");
        String keystore = m.string("keystore", "conf/.keystore", MAX_PATH);
        String keystorePassword = m.string("keystore_password", null, MAX_SECRET);
        String outboundKeystore = m.string("outbound_keystore", null, MAX_PATH);
        String outboundPassword = m.string("outbound_keystore_password", null, MAX_SECRET);
        String truststore = m.string("truststore", "conf/.truststore", MAX_PATH);
        String truststorePassword = m.string("truststore_password", null, MAX_SECRET);
        StoreType storeType = m.choice("store_type", StoreType.JKS, StoreType.class);
        String protocol = m.string("protocol", null, 32);
        if (protocol != null && !protocol.matches("(TLS|SSL)(v\\d(\\.\\d)?)?")) {
            throw m.bad("protocol", "'" + protocol + "' is not a TLS protocol name (TLS, TLSv1.2, TLSv1.3)");
        }
        List<String> accepted = orEmpty(m.strings("accepted_protocols", 16, 32));
        for (String p : accepted) {
            if (!p.matches("(TLS|SSL)(v\\d(\\.\\d)?)?")) {
                throw m.bad("accepted_protocols", "names '" + p + "', not a TLS protocol (TLSv1.2, TLSv1.3)");
            }
        }
        List<String> ciphers = orEmpty(m.strings("cipher_suites", 256, 128));
        for (String c : ciphers) {
            if (!c.matches("[A-Za-z0-9_]+")) {
                throw m.bad("cipher_suites", "names '" + c + "', not a cipher suite (e.g. TLS_AES_256_GCM_SHA384)");
            }
        }
        String algorithm = m.string("algorithm", null, 64);
        boolean clientAuth = m.bool("require_client_auth", false);
        boolean endpointVerification = m.bool("require_endpoint_verification", false);
        boolean legacy = m.bool("legacy_ssl_storage_port_enabled", m.bool("enable_legacy_ssl_storage_port", false));
        if (legacy && mode == InternodeEncryption.NONE) {
            throw m.bad("legacy_ssl_storage_port_enabled", "is true with internode_encryption none; enable encryption "
                    + "or disable the legacy SSL port (Cassandra refuses this too)");
        }
        String factory = ServerEncryption.DEFAULT_FACTORY;
        Map<String, String> params = Map.of();
        YamlMap f = m.map("ssl_context_factory");
        if (f != null) {
            factory = f.string("class_name", ServerEncryption.DEFAULT_FACTORY, 512);
            YamlMap p = f.map("parameters");
            params = p == null ? Map.of() : parameters(p);
            unknownNested(f, Set.of(), notices);
        }
        if (storeType == StoreType.PEM && !factory.endsWith("PEMBasedSslContextFactory")) {
            notices.add(m.where("store_type") + "server_encryption_options.store_type PEM needs ssl_context_factory "
                    + "class_name: " + ServerEncryption.PEM_FACTORY);
        }
        if (clientAuth && (mode == InternodeEncryption.DC || mode == InternodeEncryption.RACK)) {
            notices.add(m.where("require_client_auth") + "require_client_auth with internode_encryption "
                    + mode.name().toLowerCase(java.util.Locale.ROOT) + " can be bypassed by a peer claiming the same "
                    + "dc/rack; Cassandra warns the same: use internode_encryption all");
        }
        unknownNested(m, ENCRYPTION_KEYS, notices);
        return new ServerEncryption(mode, optional, keystore, keystorePassword, outboundKeystore, outboundPassword,
                truststore, truststorePassword, storeType, protocol, accepted, ciphers, algorithm, clientAuth,
                endpointVerification, legacy, factory, params);
    }

    private static Map<String, String> parameters(YamlMap p) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : p.unread()) {
            // inline PEM keys and certificate chains can be long; a few hundred KiB is still far beyond any real one
            out.put(k, p.string(k, "", 256 << 10));
        }
        return out;
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static Snitch snitch(YamlMap root, Path base, String address) {
        String given = root.string("endpoint_snitch", "SimpleSnitch", 512);
        String cls = given.contains(".") ? given : Snitch.PACKAGE + given;
        String simple = cls.startsWith(Snitch.PACKAGE) ? cls.substring(Snitch.PACKAGE.length()) : cls;
        String rackdcName = root.string("rackdc_file", "cassandra-rackdc.properties", MAX_PATH);
        switch (simple) {
            case "SimpleSnitch":
                return new Snitch(cls, "datacenter1", "rack1", false, "SimpleSnitch");
            case "GossipingPropertyFileSnitch": {
                Path file = base.resolve(rackdcName);
                Properties p = properties(root, file);
                String dc = p.getProperty("dc", "").trim();
                String rack = p.getProperty("rack", "").trim();
                if (dc.isEmpty() || rack.isEmpty()) {
                    throw new ConfigException(file + ": must set both dc= and rack= (GossipingPropertyFileSnitch reads them "
                            + "from here; Cassandra refuses to start without them too)");
                }
                checkName(root, file, "dc", dc);
                checkName(root, file, "rack", rack);
                return new Snitch(cls, dc, rack, Boolean.parseBoolean(p.getProperty("prefer_local", "false").trim()),
                        file.toString());
            }
            case "RackInferringSnitch": {
                // Cassandra 5.0.9 locator/RackInferringSnitch: dc = 2nd octet, rack = 3rd octet of the address
                if (address == null || !address.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
                    return new Snitch(cls, null, null, false, "RackInferringSnitch needs an IPv4 listen_address");
                }
                String[] o = address.split("\\.");
                return new Snitch(cls, o[1], o[2], false, "RackInferringSnitch from " + address);
            }
            case "PropertyFileSnitch":
                return new Snitch(cls, null, null, false, "cassandra-topology.properties (not read)");
            default:
                if (CLOUD_SNITCHES.contains(simple)) {
                    return new Snitch(cls, null, null, false, simple + " asks the cloud's metadata service");
                }
                if (!cls.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
                    throw root.bad("endpoint_snitch", "'" + given + "' is not a snitch class name (e.g. SimpleSnitch, "
                            + "GossipingPropertyFileSnitch)");
                }
                return new Snitch(cls, null, null, false, "custom snitch " + cls);
        }
    }

    private static void checkName(YamlMap root, Path file, String key, String v) {
        if (io.gossippreflight.wire.codec.ModifiedUtf8.encodedLength(v) > io.gossippreflight.wire.codec.ModifiedUtf8.MAX_ENCODED) {
            throw new ConfigException(file + ": " + key + " is longer than the 65535 bytes a gossip string can carry");
        }
    }

    private static Properties properties(YamlMap root, Path file) {
        String text = ConfigFiles.readRegular(file, "snitch properties file", MAX_PROPERTIES_BYTES);
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException(file + ": not a properties file (" + e.getMessage() + "); write dc=NAME and rack=NAME lines");
        }
        return p;
    }

    /** Sub-keys of a mapping the reader owns entirely: what it did not read is unknown. */
    private static void unknownNested(YamlMap m, Set<String> known, List<String> notices) {
        for (String k : m.unread()) {
            notices.add(m.whereKey(k) + "unknown key " + m.path() + "." + k + (known.isEmpty() ? ""
                    : KnownKeys.suggestion(k, known)) + "; ignored");
        }
    }
}
