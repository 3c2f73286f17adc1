package io.gossippreflight.wire.frame;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/**
 * One decoded frame. {@code payload} is the (decompressed) frame body; the frame owns it and
 * releasing the frame releases it. A frame whose payload checksum failed has
 * {@code payloadCrcValid == false} and its bytes must not be trusted.
 */
public final class Frame extends AbstractReferenceCounted {
    private final boolean selfContained;
    private final ByteBuf payload;
    private final boolean payloadCrcValid;
    private final int wireLength;

    public Frame(boolean selfContained, ByteBuf payload, boolean payloadCrcValid, int wireLength) {
        this.selfContained = selfContained;
        this.payload = payload;
        this.payloadCrcValid = payloadCrcValid;
        this.wireLength = wireLength;
    }

    public boolean isSelfContained() {
        return selfContained;
    }

    public ByteBuf payload() {
        return payload;
    }

    public boolean payloadCrcValid() {
        return payloadCrcValid;
    }

    /** Bytes the frame took on the wire, header and trailer included. */
    public int wireLength() {
        return wireLength;
    }

    @Override
    protected void deallocate() {
        payload.release();
    }

    @Override
    public ReferenceCounted touch(Object hint) {
        payload.touch(hint);
        return this;
    }

    @Override
    public String toString() {
        return "Frame{" + (selfContained ? "self-contained" : "part") + ", " + payload.readableBytes() + " bytes"
                + (payloadCrcValid ? "" : ", BAD CRC") + ", wire " + wireLength + "}";
    }
}
