package io.gossippreflight.config;

/** Keystore / truststore formats server_encryption_options.store_type names (PEM through PEMBasedSslContextFactory). */
public enum StoreType {
    JKS, PKCS12, PEM
}
