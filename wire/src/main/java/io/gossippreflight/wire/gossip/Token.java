package io.gossippreflight.wire.gossip;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A ring token as its partitioner's token factory writes it: 8 big-endian bytes for
 * Murmur3Partitioner, other lengths for other partitioners.
 */
public final class Token {
    private final byte[] bytes;

    private Token(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Token of(byte[] bytes) {
        if (bytes.length == 0) {
            throw new IllegalArgumentException("a token has at least one byte");
        }
        return new Token(bytes.clone());
    }

    /** A Murmur3Partitioner token (a signed long). */
    public static Token murmur3(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (56 - 8 * i));
        }
        return new Token(b);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int length() {
        return bytes.length;
    }

    public boolean isMurmur3() {
        return bytes.length == 8;
    }

    /** The Murmur3 value; only for 8-byte tokens. */
    public long murmur3Value() {
        if (bytes.length != 8) {
            throw new IllegalStateException("not an 8-byte Murmur3 token: " + bytes.length + " bytes");
        }
        long v = 0;
        for (byte b : bytes) {
            v = (v << 8) | (b & 0xFF);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && Arrays.equals(bytes, t.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** Murmur3 tokens print as Cassandra prints them (decimal); others as hex. */
    @Override
    public String toString() {
        return isMurmur3() ? Long.toString(murmur3Value()) : HexFormat.of().formatHex(bytes);
    }
}
