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
 * Puts 4.0+ messages into encoded frames following a {@link FramingPolicy} (Cassandra's by
 * default): small messages packed whole into self-contained frames, large ones over
 * non-self-contained frames.
 */
public final class MessageFramer {
    private final FrameFormat format;
    private final MessagingVersion version;
    private final ByteBufAllocator alloc;
    private final FramingPolicy policy;

    public MessageFramer(FrameFormat format, MessagingVersion version, ByteBufAllocator alloc) {
        this(format, version, alloc, FramingPolicy.CASSANDRA);
    }

    public MessageFramer(FrameFormat format, MessagingVersion version, ByteBufAllocator alloc, FramingPolicy policy) {
        this.format = Objects.requireNonNull(format);
        this.version = Objects.requireNonNull(version);
        this.alloc = Objects.requireNonNull(alloc);
        this.policy = Objects.requireNonNull(policy);
    }

    public FrameFormat format() {
        return format;
    }

    /** Frames for these messages, in order: consecutive small ones share self-contained frames. */
    public List<ByteBuf> frame(List<Message> messages) {
        List<ByteBuf> out = new ArrayList<>();
        ByteBuf pending = null;
        try {
            for (Message m : messages) {
                int size = MessageSerializer.serializedSize(m, version);
                if (policy.isLarge(size)) {
                    if (pending != null) {
                        out.add(encodeFrame(pending, true));
                        pending = null;
                    }
                    out.addAll(frameLarge(m));
                    continue;
                }
                if (pending != null && pending.readableBytes() + size > FrameFormat.MAX_PAYLOAD) {
                    out.add(encodeFrame(pending, true));
                    pending = null;
                }
                if (pending == null) {
                    pending = alloc.heapBuffer(Math.max(size, 256));
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

    /** One large message over non-self-contained frames of the policy's size. */
    public List<ByteBuf> frameLarge(Message m) {
        policy.checkLarge(m, version);
        ByteBuf whole = alloc.heapBuffer(MessageSerializer.serializedSize(m, version));
        List<ByteBuf> out = new ArrayList<>();
        try {
            MessageSerializer.serialize(m, whole, version);
            if (whole.readableBytes() <= policy.largeFramePayload()) {
                throw new IllegalArgumentException("a " + whole.readableBytes() + "-byte message fits one frame: receivers"
                        + " would not close it as a large message; send it self-contained");
            }
            while (whole.isReadable()) {
                int n = Math.min(policy.largeFramePayload(), whole.readableBytes());
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

    /** Bytes on the wire for one message of {@code messageSize} bytes sent alone, Cassandra's way. */
    public static int wireSize(int messageSize, FrameFormat format) {
        return FramingPolicy.CASSANDRA.wireSize(messageSize, format);
    }
}
