package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;
import java.util.Objects;

/**
 * Choices a {@link StreamDecoder} cannot read from the bytes.
 *
 * @param limits            decoder limits
 * @param stateTable        ApplicationState naming; null = the default for the messaging version
 * @param keepMessageBytes  copy each message's bytes into its event (for re-encoding checks)
 * @param version           messaging version to use; null = from the handshake (the initiator's max)
 * @param midStreamFraming  framing to assume when the stream does not start with a handshake;
 *                          null = a pre-4.0 unframed stream
 * @param peerInitiate      for the acceptor's direction: the Initiate the other direction carried,
 *                          which tells a legacy answer and a streaming connection apart
 */
public record StreamOptions(DecoderLimits limits, ApplicationStateTable stateTable, boolean keepMessageBytes,
                            MessagingVersion version, Framing midStreamFraming, Initiate peerInitiate) {
    public static final StreamOptions DEFAULT = new StreamOptions(DecoderLimits.DEFAULT, null, false, null, Framing.CRC, null);

    public StreamOptions {
        Objects.requireNonNull(limits, "limits");
    }

    public StreamOptions withKeepMessageBytes(boolean keep) {
        return new StreamOptions(limits, stateTable, keep, version, midStreamFraming, peerInitiate);
    }

    public StreamOptions withPeerInitiate(Initiate initiate) {
        return new StreamOptions(limits, stateTable, keepMessageBytes, version, midStreamFraming, initiate);
    }

    public StreamOptions withVersion(MessagingVersion v) {
        return new StreamOptions(limits, stateTable, keepMessageBytes, v, midStreamFraming, peerInitiate);
    }

    public StreamOptions withMidStreamFraming(Framing f) {
        return new StreamOptions(limits, stateTable, keepMessageBytes, version, f, peerInitiate);
    }

    public StreamOptions withLimits(DecoderLimits l) {
        return new StreamOptions(l, stateTable, keepMessageBytes, version, midStreamFraming, peerInitiate);
    }

    public StreamOptions withStateTable(ApplicationStateTable t) {
        return new StreamOptions(limits, t, keepMessageBytes, version, midStreamFraming, peerInitiate);
    }
}
