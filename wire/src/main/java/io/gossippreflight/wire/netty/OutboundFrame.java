package io.gossippreflight.wire.netty;

import io.netty.buffer.ByteBuf;
import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;

/** A frame body on its way to the {@link FrameEncoder}; releasing it releases the body. */
public final class OutboundFrame extends AbstractReferenceCounted {
    private final ByteBuf payload;
    private final boolean selfContained;

    public OutboundFrame(ByteBuf payload, boolean selfContained) {
        this.payload = payload;
        this.selfContained = selfContained;
    }

    public ByteBuf payload() {
        return payload;
    }

    public boolean isSelfContained() {
        return selfContained;
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
}
