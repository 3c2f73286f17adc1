package io.gossippreflight.wire.message;

import io.gossippreflight.wire.Payload;
import java.util.Arrays;

/** Payload bytes of a verb this module does not decode (SCHEMA_PULL_RSP, PING_REQ, ...), kept as read. */
public final class RawPayload implements Payload {
    private final byte[] bytes;

    public RawPayload(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    /** A payload of {@code size} zero bytes, e.g. to make a message of an exact size. */
    public static RawPayload zeros(int size) {
        return new RawPayload(new byte[size]);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    byte[] unsafeBytes() {
        return bytes;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawPayload r && Arrays.equals(bytes, r.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "RawPayload{" + bytes.length + " bytes}";
    }
}
