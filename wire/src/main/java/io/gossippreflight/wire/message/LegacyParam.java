package io.gossippreflight.wire.message;

import java.util.Arrays;
import java.util.Objects;

/** A pre-4.0 message parameter: writeUTF name, int length, bytes (Cassandra 3.11.19 net/MessageOut.java). */
public final class LegacyParam {
    private final String key;
    private final byte[] value;

    public LegacyParam(String key, byte[] value) {
        this.key = Objects.requireNonNull(key, "key");
        this.value = value.clone();
    }

    public String key() {
        return key;
    }

    public byte[] value() {
        return value.clone();
    }

    int length() {
        return value.length;
    }

    byte[] unsafeValue() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyParam p && key.equals(p.key) && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return 31 * key.hashCode() + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return key + "(" + value.length + " bytes)";
    }
}
