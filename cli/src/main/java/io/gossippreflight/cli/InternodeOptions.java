package io.gossippreflight.cli;

import io.gossippreflight.config.CassandraConfig;
import io.gossippreflight.config.InternodeCompression;
import io.gossippreflight.config.InternodeEncryption;
import io.gossippreflight.config.InternodePolicy;
import io.gossippreflight.config.ServerEncryption;
import io.gossippreflight.config.StoreType;
import io.gossippreflight.probe.net.LinkSecurity;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The internode settings of {@code probe check} and {@code probe serve}: TLS and compression as
 * cassandra.yaml's server_encryption_options and internode_compression name them, each flag over
 * what {@code --cassandra-yaml} says. A keystore or truststore given alone means TLS to every peer.
 */
public final class InternodeOptions {
    @Option(names = "--internode-encryption", paramLabel = "none|all|dc|rack",
            description = "TLS as server_encryption_options.internode_encryption (default: the yaml's, else none; 'all' "
                    + "when --keystore or --truststore is given). A seed whose datacenter we do not know yet counts as "
                    + "another datacenter, as for Cassandra.")
    String encryption;

    @Option(names = "--keystore", paramLabel = "FILE", description = "Our certificate and key (JKS, PKCS12 or PEM): shown "
            + "to seeds that require client certificates, and used to accept TLS connections back.")
    Path keystore;

    @Option(names = "--keystore-password", paramLabel = "PASSWORD", description = "keystore_password.")
    String keystorePassword;

    @Option(names = "--truststore", paramLabel = "FILE", description = "The CAs we trust: a seed's certificate must "
            + "chain to one of them (unless --no-verify-peer).")
    Path truststore;

    @Option(names = "--truststore-password", paramLabel = "PASSWORD", description = "truststore_password.")
    String truststorePassword;

    @Option(names = "--store-type", paramLabel = "JKS|PKCS12|PEM", description = "Format of both stores (default: the "
            + "yaml's store_type, else JKS).")
    String storeType;

    @Option(names = "--require-client-auth", description = "Require a certificate from peers that connect to us "
            + "(require_client_auth).")
    Boolean requireClientAuth;

    @Option(names = "--no-verify-peer", description = "Do not check the peer's certificate against the truststore "
            + "(a lab, or to tell a trust problem from another). The check's report says so.")
    boolean noVerifyPeer;

    @Option(names = "--internode-compression", paramLabel = "none|all|dc",
            description = "LZ4 frames as internode_compression (default: the yaml's, else none).")
    String compression;

    /** The settings from the yaml (null: none) and the flags. */
    public InternodePolicy policy(CassandraConfig yaml) {
        ServerEncryption base = yaml != null ? yaml.encryption() : ServerEncryption.NONE;
        InternodeEncryption mode = encryption != null ? choice(InternodeEncryption.class, encryption, "--internode-encryption")
                : (keystore != null || truststore != null) && !base.enabled() ? InternodeEncryption.ALL
                : base.internodeEncryption();
        StoreType type = storeType != null ? choice(StoreType.class, storeType, "--store-type") : base.storeType();
        String ks = keystore != null ? keystore.toString() : base.keystore();
        String ts = truststore != null ? truststore.toString() : base.truststore();
        if (keystore != null) {
            InputFiles.requireReadable(keystore, "--keystore");
        }
        if (truststore != null) {
            InputFiles.requireReadable(truststore, "--truststore");
        }
        ServerEncryption enc = new ServerEncryption(mode, base.optional(), ks,
                keystorePassword != null ? keystorePassword : base.keystorePassword(), base.outboundKeystore(),
                base.outboundKeystorePassword(), ts, truststorePassword != null ? truststorePassword
                        : base.truststorePassword(), type, base.protocol(), base.acceptedProtocols(), base.cipherSuites(),
                base.algorithm(), requireClientAuth != null ? requireClientAuth : base.requireClientAuth(),
                base.requireEndpointVerification(), base.legacySslStoragePort(), base.sslContextFactory(),
                base.factoryParameters());
        InternodePolicy p = yaml != null ? InternodePolicy.of(yaml) : InternodePolicy.DEFAULTS;
        p = p.withEncryption(enc);
        if (compression != null) {
            p = p.withCompression(choice(InternodeCompression.class, compression, "--internode-compression"));
        }
        return p;
    }

    /**
     * What our connections and listener look like.
     *
     * @param lenient our port takes plain and TLS alike when we have a keystore (a check); false: as Cassandra
     */
    public LinkSecurity security(CassandraConfig yaml, boolean lenient) {
        return LinkSecurity.of(policy(yaml), !noVerifyPeer, lenient);
    }

    private static <E extends Enum<E>> E choice(Class<E> type, String value, String option) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            StringBuilder b = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                b.append(b.length() == 0 ? "" : ", ").append(option.equals("--store-type") ? c.name()
                        : c.name().toLowerCase(Locale.ROOT));
            }
            throw PreflightException.usage(option + " '" + value + "': use one of " + b);
        }
    }
}
