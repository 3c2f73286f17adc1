package io.gossippreflight.wire.frame;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Puts 4.0+ messages into frames the way Cassandra does: small messages packed whole into
 * self-contained frames; a message that does not fit one frame (or is sent as a large message)
 * split over non-self-contained frames (Cassandra 5.0.9 net/OutboundConnection.java).
 */
public final class MessageFramer {
    private final FrameFormat format;
    private final MessagingVersion version;
    private final ByteBufAllocator alloc;
    private final int maxPayload;

    public MessageFramer(FrameFormat format, MessagingVersion version, ByteBufAllocator alloc) {
        this(format, version, alloc, FrameFormat.MAX_PAYLOAD);
    }

    /** {@code maxPayload} below the format maximum makes smaller frames (tests, exact sizing). */
    public MessageFramer(FrameFormat format, MessagingVersion version, ByteBufAllocator alloc, int maxPayload) {
        this.format = Objects.requireNonNull(format);
        this.version = Objects.requireNonNull(version);
        this.alloc = Objects.requireNonNull(alloc);
        if (maxPayload < 1 || maxPayload > FrameFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("maxPayload must be in 1.." + FrameFormat.MAX_PAYLOAD + ", got " + maxPayload);
        }
        this.maxPayload = maxPayload;
    }

    public FrameFormat format() {
        return format;
    }

    /** Frames for these messages, in order: consecutive ones that fit share self-contained frames. */
    public List<ByteBuf> frame(List<Message> messages) {
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf pending = null;
        try {
            for (Message m : messages) {
                int size = MessageSerializer.serializedSize(m, version);
                if (size > maxPayload) {
                    if (pending != null) {
                        out.add(encodeFrame(pending, true));
                        pending = null;
                    }
                    out.addAll(frameLarge(m));
                    continue;
                }
                if (pending != null && pending.readableBytes() + size > maxPayload) {
                    out.add(encodeFrame(pending, true));
                    pending = null;
                }
                if (pending == null) {
                    pending = alloc.heapBuffer(Math.min(maxPayload, Math.max(size, 256)));
                }
                MessageSerializer.serialize(m, pending, version);
            }
            if (pending != null) {
                out.add(encodeFrame(pending, true));
                pending = null;
            }
            return out;
        } catch (RuntimeException e) {
            if (pending != null) {
                pending.release();
            }
            out.forEach(ByteBuf::release);
            throw e;
        }
    }

    /** One message over non-self-contained frames, as Cassandra's large-message delivery sends it. */
    public List<ByteBuf> frameLarge(Message m) {
        ByteBuf whole = alloc.heapBuffer(MessageSerializer.serializedSize(m, version));
        List<ByteBuf> out = new ArrayList<>();
        try {
            MessageSerializer.serialize(m, whole, version);
            while (whole.isReadable()) {
                int n = Math.min(maxPayload, whole.readableBytes());
                out.add(format.encode(whole.readSlice(n), false, alloc));
            }
            return out;
        } finally {
            whole.release();
        }
    }

    private ByteBuf encodeFrame(ByteBuf payload, boolean selfContained) {
        try {
            return format.encode(payload, selfContained, alloc);
        } finally {
            payload.release();
        }
    }

    /**
     * Bytes on the wire for one message of {@code messageSize} bytes sent alone: in one
     * self-contained frame when it fits, else over ceil(size / max payload) frames. For LZ4 this
     * is the uncompressed worst case.
     */
    public static int wireSize(int messageSize, FrameFormat format) {
        int frames = Math.max(1, (messageSize + FrameFormat.MAX_PAYLOAD - 1) / FrameFormat.MAX_PAYLOAD);
        return messageSize + frames * format.overhead();
    }
}
