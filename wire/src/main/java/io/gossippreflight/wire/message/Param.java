package io.gossippreflight.wire.message;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One message parameter as carried on the wire: the ParamType id and the value bytes, kept
 * undecoded (Cassandra 5.0.9 net/ParamType.java, e.g. 0 FORWARD_TO, 1 RESPOND_TO, 5 TRACE_SESSION).
 */
public final class Param {
    private final int type;
    private final byte[] value;

    public Param(int type, byte[] value) {
        if (type < 0) {
            throw new IllegalArgumentException("param type must be >= 0, got " + type);
        }
        this.type = type;
        this.value = value.clone();
    }

    public int type() {
        return type;
    }

    public byte[] value() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Param p && type == p.type && Arrays.equals(value, p.value);
    }

    @Override
    public int hashCode() {
        return 31 * type + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "Param{" + type + "=" + HexFormat.of().formatHex(value) + "}";
    }
}
