package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.InternodeMessage;
import io.gossippreflight.wire.handshake.Accept;
import io.gossippreflight.wire.handshake.ConfirmOutboundPre40;
import io.gossippreflight.wire.handshake.Framing;
import io.gossippreflight.wire.handshake.Initiate;

/**
 * What a {@link StreamDecoder} found in one direction of one connection. {@code offset} is the
 * stream offset (bytes fed plus known gap lengths) where the thing starts.
 */
public sealed interface StreamEvent {
    long offset();

    record InitiateSeen(long offset, Initiate initiate) implements StreamEvent {
    }

    record AcceptSeen(long offset, Accept accept) implements StreamEvent {
    }

    /** Third step of a pre-4.0 handshake. */
    record ConfirmSeen(long offset, ConfirmOutboundPre40 confirm) implements StreamEvent {
    }

    /**
     * A frame whose header checksum matched. {@code crcValid} is the payload checksum result
     * (always true for unprotected frames, which have none).
     */
    record FrameSeen(long offset, Framing framing, int wireLength, int payloadLength, boolean selfContained,
                     boolean crcValid) implements StreamEvent {
    }

    /**
     * A whole message. {@code offset} is the stream offset of the frame holding its first byte
     * (for a pre-4.0 stream: of the message itself; in an LZ4Block stream: of the block where the
     * bytes not yet parsed began). {@code messageOffset} is the offset of the message's first byte,
     * or -1 when it has none of its own (inside an LZ4-compressed frame or block). {@code end} is
     * the offset just past the frame or block that completed it, so [offset, end) is what had to
     * arrive for it to be read. When the header decoded but the payload did not, the payload is
     * kept raw and {@code payloadError} says why. {@code bytes} holds the message as read when the
     * decoder keeps them, else null.
     */
    record MessageSeen(long offset, long messageOffset, long end, int size, InternodeMessage message, byte[] bytes,
                       String payloadError) implements StreamEvent {
    }

    /** Bytes of a streaming connection (bulk data; not decoded). */
    record StreamingBytes(long offset, int length) implements StreamEvent {
    }

    /** Bytes missing from the capture; {@code length} is -1 when unknown. */
    record GapSeen(long offset, long length) implements StreamEvent {
    }

    /** Something known to be lost (a frame, a large message) because of a gap or a bad checksum. */
    record Lost(long offset, long length, String what) implements StreamEvent {
    }

    /** The decoder lost its place; bytes are skipped until a {@link Resynced}. */
    record Desynced(long offset, String reason) implements StreamEvent {
    }

    /** The decoder found its place again after skipping {@code skipped} bytes. */
    record Resynced(long offset, long skipped, String how) implements StreamEvent {
    }

    /** Bytes that break the format. */
    record Malformed(long offset, String reason) implements StreamEvent {
    }

    /** The stream ended inside a structure. */
    record Truncated(long offset, String reason) implements StreamEvent {
    }
}
