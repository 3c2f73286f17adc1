package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.gossippreflight.wire.codec.VInt;

/**
 * How messages are cut into frames, as Cassandra 5.0.9 sends them: a message of at most
 * {@code largeThreshold} bytes goes whole into a self-contained frame (shared with others when
 * they fit); a larger one goes over non-self-contained frames of at most
 * {@code largeFramePayload} bytes (net/OutboundConnections.java LARGE_MESSAGE_THRESHOLD = 65,536
 * - 21; net/OutboundConnection.java LargeMessageDelivery DEFAULT_BUFFER_SIZE = 32 KiB).
 *
 * <p>Two receiver facts make this more than a preference (Cassandra 5.0.9
 * net/InboundMessageHandler.java processFirstFrameOfLargeMessage): the whole message header must
 * be in the first frame of a large message, and a large message that ends in its first frame is
 * never closed, so the next non-self-contained frame is appended to it. Hence a large message
 * always spans at least two frames here, and its header must fit the first.
 */
public record FramingPolicy(int largeThreshold, int largeFramePayload) {
    public static final int CASSANDRA_LARGE_THRESHOLD = 65_536 - 21;
    public static final int CASSANDRA_LARGE_FRAME_PAYLOAD = 32 * 1024;
    public static final FramingPolicy CASSANDRA = new FramingPolicy(CASSANDRA_LARGE_THRESHOLD, CASSANDRA_LARGE_FRAME_PAYLOAD);

    public FramingPolicy {
        if (largeFramePayload < 16 || largeFramePayload > FrameFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("largeFramePayload must be in 16.." + FrameFormat.MAX_PAYLOAD);
        }
        if (largeThreshold < largeFramePayload || largeThreshold > FrameFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("largeThreshold must be in largeFramePayload.." + FrameFormat.MAX_PAYLOAD
                    + " so a large message always spans two frames or more");
        }
    }

    public boolean isLarge(int messageSize) {
        return messageSize > largeThreshold;
    }

    /** Frames a message of this size takes when sent alone. */
    public int frames(int messageSize) {
        return isLarge(messageSize) ? (messageSize + largeFramePayload - 1) / largeFramePayload : 1;
    }

    /** Bytes on the wire of a message of this size sent alone (for LZ4, the incompressible worst case). */
    public int wireSize(int messageSize, FrameFormat format) {
        return messageSize + frames(messageSize) * format.overhead();
    }

    /** Rejects a large message whose header would not fit its first frame. */
    public void checkLarge(Message m, MessagingVersion version) {
        int header = MessageSerializer.headerSize(m) + VInt.sizeOf(MessageSerializer.payloadSize(m, version));
        if (header > largeFramePayload) {
            throw new IllegalArgumentException("message header of " + header + " bytes does not fit the first "
                    + largeFramePayload + "-byte frame of a large message; receivers need it there");
        }
    }
}
