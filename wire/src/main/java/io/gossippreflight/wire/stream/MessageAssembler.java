package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.frame.Frame;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.message.Message;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * Turns frame payloads into 4.0+ messages: a self-contained frame holds whole messages; a
 * message too large for one frame spans consecutive non-self-contained frames (Cassandra 5.0.9
 * net/AbstractMessageHandler.java). The large-message buffer grows only with bytes received and
 * never beyond the message size the header announced, itself bounded by the limits.
 */
final class MessageAssembler {
    private final Consumer<StreamEvent> sink;
    private final DecoderLimits limits;
    private final boolean keepBytes;
    private MessagingVersion version;
    private ApplicationStateTable table;

    private ByteBuf large;
    /** Stream offset of the large message's first frame. */
    private long largeOffset;
    /** Stream offset of its first byte, or -1 for LZ4. */
    private long largeMessageOffset;
    private int largeSize = -1;
    private boolean discardContinuations;
    private long discarded;

    MessageAssembler(Consumer<StreamEvent> sink, DecoderLimits limits, boolean keepBytes) {
        this.sink = sink;
        this.limits = limits;
        this.keepBytes = keepBytes;
    }

    /** Capacity of the large-message buffer, if one is being filled. */
    long retainedBytes() {
        return large == null ? 0 : large.capacity();
    }

    void version(MessagingVersion v, ApplicationStateTable t) {
        this.version = v;
        this.table = t;
    }

    /** After a loss: continuation frames of the broken message are dropped until a self-contained frame. */
    void lostSync(long offset, String why) {
        abortLarge(offset, why);
        discardContinuations = true;
    }

    /**
     * @param offset      stream offset of the frame
     * @param payloadBase stream offset of the frame's first payload byte, or -1 when the payload
     *                    was decompressed and its bytes have no stream position
     */
    void onFrame(Frame f, long offset, long payloadBase) {
        long end = offset + f.wireLength();
        if (!f.payloadCrcValid()) {
            if (f.isSelfContained()) {
                sink.accept(new StreamEvent.Lost(offset, f.wireLength(), "messages of a frame with a bad payload CRC32"));
            } else {
                lostSync(offset, "frame with a bad payload CRC32");
                sink.accept(new StreamEvent.Lost(offset, f.wireLength(), "part of a large message (bad payload CRC32)"));
            }
            return;
        }
        ByteBuf p = f.payload();
        if (f.isSelfContained()) {
            if (large != null) {
                sink.accept(new StreamEvent.Malformed(offset, "self-contained frame arrived inside a large message ("
                        + large.readableBytes() + " of " + (largeSize < 0 ? "?" : largeSize) + " bytes)"));
                abortLarge(offset, null);
            }
            discardContinuations = false;
            readContained(p, offset, payloadBase, end);
            return;
        }
        if (discardContinuations) {
            discarded += p.readableBytes();
            sink.accept(new StreamEvent.Lost(offset, f.wireLength(), "continuation frame of a message lost earlier"));
            return;
        }
        if (large == null) {
            large = Unpooled.buffer(Math.min(p.readableBytes() * 2, 1 << 18));
            largeOffset = offset;
            largeMessageOffset = payloadBase;
            largeSize = -1;
        }
        large.writeBytes(p, p.readerIndex(), p.readableBytes());
        if (largeSize < 0) {
            try {
                largeSize = MessageSerializer.inferMessageSize(large, large.readerIndex(), large.writerIndex(), limits);
            } catch (WireFormatException e) {
                sink.accept(new StreamEvent.Malformed(largeOffset, "large message header: " + e.getMessage()));
                lostSync(offset, null);
                return;
            }
        }
        if (largeSize >= 0) {
            if (large.readableBytes() == largeSize) {
                ByteBuf done = large;
                large = null;
                try {
                    emitMessage(done, largeOffset, largeMessageOffset, end, largeSize);
                } finally {
                    done.release();
                }
                largeSize = -1;
            } else if (large.readableBytes() > largeSize) {
                sink.accept(new StreamEvent.Malformed(offset, "non-self-contained frames carry "
                        + (large.readableBytes() - largeSize) + " bytes beyond the " + largeSize + "-byte message"));
                lostSync(offset, null);
            }
        }
    }

    private void readContained(ByteBuf p, long offset, long payloadBase, long end) {
        int first = p.readerIndex();
        while (p.isReadable()) {
            int start = p.readerIndex();
            int size;
            try {
                size = MessageSerializer.inferMessageSize(p, start, p.writerIndex(), limits);
            } catch (WireFormatException e) {
                sink.accept(new StreamEvent.Malformed(offset, "message header: " + e.getMessage()));
                return;
            }
            if (size < 0 || size > p.readableBytes()) {
                sink.accept(new StreamEvent.Malformed(offset, "message crosses the end of a self-contained frame ("
                        + p.readableBytes() + " bytes left" + (size < 0 ? ", header incomplete" : ", message " + size) + ")"));
                return;
            }
            emitMessage(p.slice(start, size), offset, payloadBase >= 0 ? payloadBase + (start - first) : -1, end, size);
            p.readerIndex(start + size);
        }
    }

    /** Decodes one whole message; a payload that does not decode is kept raw with the reason. */
    void emitMessage(ByteBuf bytes, long offset, long messageOffset, long end, int size) {
        byte[] raw = keepBytes ? ByteBufUtil.getBytes(bytes) : null;
        Message m;
        String payloadError = null;
        try {
            m = MessageSerializer.deserialize(WireInput.of(bytes.duplicate(), offset, limits, table), version,
                    MessageSerializer.PayloadMode.STRICT);
        } catch (WireFormatException e) {
            try {
                m = MessageSerializer.deserialize(WireInput.of(bytes.duplicate(), offset, limits, table), version,
                        MessageSerializer.PayloadMode.RAW);
                payloadError = e.getMessage();
            } catch (WireFormatException e2) {
                sink.accept(new StreamEvent.Malformed(offset, "message: " + e2.getMessage()));
                return;
            }
        }
        sink.accept(new StreamEvent.MessageSeen(offset, messageOffset, end, size, m, raw, payloadError));
    }

    private void abortLarge(long offset, String why) {
        if (large != null) {
            if (why != null) {
                sink.accept(new StreamEvent.Lost(largeOffset, large.readableBytes(), "large message ("
                        + (largeSize < 0 ? "size unknown" : largeSize + " bytes") + "): " + why));
            }
            large.release();
            large = null;
        }
        largeSize = -1;
    }

    void finish(long offset) {
        if (large != null) {
            sink.accept(new StreamEvent.Truncated(largeOffset, "stream ended inside a large message ("
                    + large.readableBytes() + " of " + (largeSize < 0 ? "?" : largeSize) + " bytes)"));
            large.release();
            large = null;
        }
    }
}
