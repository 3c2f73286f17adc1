package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.Initiate;

/** User event fired by both handshake handlers once the connection is ready for messages (or streaming). */
public record HandshakeCompleted(Initiate initiate, Accept accept, MessagingVersion version) {
}
