package io.gossippreflight.config;

import java.util.List;
import java.util.Map;

/**
 * server_encryption_options as Cassandra 5.0.9 reads it (config/EncryptionOptions.java). Only read
 * here: what the TLS layer will need, bounded and checked. Passwords never appear in {@link #toString}.
 *
 * @param internodeEncryption  none, all, dc or rack
 * @param optional             the optional key as written (null: not set)
 * @param keystore             path as written (Cassandra resolves it against its working directory)
 * @param storeType            JKS, PKCS12 or PEM (Cassandra's default JKS)
 * @param protocol             the protocol key (e.g. TLS), null when not set
 * @param acceptedProtocols    accepted_protocols (e.g. TLSv1.2, TLSv1.3), empty when not set
 * @param cipherSuites         cipher_suites, empty when not set (the JDK's defaults)
 * @param sslContextFactory    ssl_context_factory.class_name (Cassandra's DefaultSslContextFactory when not set)
 * @param factoryParameters    ssl_context_factory.parameters (PEM: private_key, trusted_certificates...)
 */
public record ServerEncryption(InternodeEncryption internodeEncryption, Boolean optional, String keystore,
        String keystorePassword, String outboundKeystore, String outboundKeystorePassword, String truststore,
        String truststorePassword, StoreType storeType, String protocol, List<String> acceptedProtocols,
        List<String> cipherSuites, String algorithm, boolean requireClientAuth, boolean requireEndpointVerification,
        boolean legacySslStoragePort, String sslContextFactory, Map<String, String> factoryParameters) {

    public static final String DEFAULT_FACTORY = "org.apache.cassandra.security.DefaultSslContextFactory";
    public static final String PEM_FACTORY = "org.apache.cassandra.security.PEMBasedSslContextFactory";

    /** Cassandra's defaults: no encryption, conf/.keystore and conf/.truststore, JKS. */
    public static final ServerEncryption NONE = new ServerEncryption(InternodeEncryption.NONE, null, "conf/.keystore", null,
            null, null, "conf/.truststore", null, StoreType.JKS, null, List.of(), List.of(), null, false, false, false,
            DEFAULT_FACTORY, Map.of());

    public ServerEncryption {
        acceptedProtocols = List.copyOf(acceptedProtocols);
        cipherSuites = List.copyOf(cipherSuites);
        factoryParameters = Map.copyOf(factoryParameters);
    }

    /** Whether any internode connection uses TLS. */
    public boolean enabled() {
        return internodeEncryption != InternodeEncryption.NONE;
    }

    /**
     * Whether this node also accepts plain connections on its TLS port, as Cassandra 5.0.9 decides it
     * (EncryptionOptions.applyConfig, ServerEncryptionOptions.applyConfigInternal): optional as set;
     * else, with a keystore present, optional exactly when encryption is off; dc and rack modes are
     * always optional (plain connections inside the dc or rack).
     *
     * @param keystoreExists whether the keystore file exists (the TLS layer checks the file)
     */
    public boolean acceptsPlain(boolean keystoreExists) {
        boolean base = optional != null ? optional : keystoreExists && !enabled();
        return base || internodeEncryption == InternodeEncryption.DC || internodeEncryption == InternodeEncryption.RACK;
    }

    @Override
    public String toString() {
        return "ServerEncryption[internode_encryption=" + internodeEncryption.name().toLowerCase(java.util.Locale.ROOT)
                + ", optional=" + optional + ", keystore=" + keystore + (keystorePassword != null ? " (password set)" : "")
                + ", truststore=" + truststore + (truststorePassword != null ? " (password set)" : "")
                + ", store_type=" + storeType + ", protocol=" + protocol + ", accepted_protocols=" + acceptedProtocols
                + ", cipher_suites=" + cipherSuites + ", require_client_auth=" + requireClientAuth
                + ", require_endpoint_verification=" + requireEndpointVerification + ", ssl_context_factory="
                + sslContextFactory + ", parameters=" + factoryParameters.keySet() + "]";
    }
}
