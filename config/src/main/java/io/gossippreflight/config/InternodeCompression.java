package io.gossippreflight.config;

/** internode_compression (Cassandra 5.0.9 Config.InternodeCompression): LZ4 frames to every peer, to other datacenters, or none. */
public enum InternodeCompression {
    ALL, DC, NONE
}
