package io.gossippreflight.config;

/**
 * server_encryption_options.internode_encryption (Cassandra 5.0.9
 * EncryptionOptions.ServerEncryptionOptions.InternodeEncryption): TLS to every peer, to other
 * datacenters, to other racks, or none.
 */
public enum InternodeEncryption {
    ALL, DC, RACK, NONE
}
