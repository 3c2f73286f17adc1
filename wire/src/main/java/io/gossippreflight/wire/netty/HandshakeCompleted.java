package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Initiate;

/**
 * User event fired by the handshake handlers once the connection is ready for messages (or
 * streaming). For a pre-4.0 connection {@code accept} is the 4-byte version answer,
 * {@code confirm} the initiator's third message and {@code version} the one the messages use
 * (the initiator's requested version); for 4.0+ {@code confirm} is null.
 */
public record HandshakeCompleted(Initiate initiate, Accept accept, MessagingVersion version, ConfirmOutboundPre40 confirm) {
    public HandshakeCompleted(Initiate initiate, Accept accept, MessagingVersion version) {
        this(initiate, accept, version, null);
    }

    /** Whether the connection carries the pre-4.0 unframed message stream. */
    public boolean isPre40() {
        return !version.isModern();
    }
}
