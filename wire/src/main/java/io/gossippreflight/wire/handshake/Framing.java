package io.gossippreflight.wire.handshake;

import io.gossippreflight.wire.WireFormatException;

/** Frame format chosen at handshake (Cassandra 5.0.9 net/OutboundConnectionSettings.java Framing). */
public enum Framing {
    /** CRC24 header, no payload checksum. */
    UNPROTECTED(0),
    /** LZ4-compressed payload, CRC24 header and CRC32 over the compressed bytes. Pre-4.0: LZ4Block stream. */
    LZ4(1),
    /** CRC24 header and CRC32 trailer: the default within a datacenter. */
    CRC(2);

    private final int id;

    Framing(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public static Framing fromId(int id) {
        return switch (id) {
            case 0 -> UNPROTECTED;
            case 1 -> LZ4;
            case 2 -> CRC;
            default -> throw new WireFormatException("unknown framing id " + id);
        };
    }
}
