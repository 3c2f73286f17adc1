package io.gossippreflight.wire.stream;

import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessage;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.function.Consumer;

/**
 * The pre-4.0 part of a {@link StreamDecoder}: messages back to back after the handshake,
 * optionally inside an LZ4 block stream. After a gap it finds messages again by their magic
 * (and, when compressed, blocks by theirs) and checks a candidate decodes before trusting it.
 */
final class LegacyReader {
    private final Consumer<StreamEvent> sink;
    private final StreamOptions options;
    private final MessagingVersion version;
    private final ApplicationStateTable table;
    private final boolean compressed;

    /** Decompressed bytes not yet parsed (compressed streams only). */
    private final ByteBuf plain = Unpooled.buffer(0);
    private long blockOffset;
    private boolean scanningMessages;
    private boolean scanningBlocks;
    private long skipped;
    private boolean ended;

    LegacyReader(Consumer<StreamEvent> sink, StreamOptions options, MessagingVersion version, ApplicationStateTable table,
                 boolean compressed) {
        this.sink = sink;
        this.options = options;
        this.version = version;
        this.table = table;
        this.compressed = compressed;
    }

    void startScanning() {
        scanningMessages = true;
        scanningBlocks = compressed;
        skipped = 0;
    }

    /** Consumes what it can from {@code acc}; {@code received} is the stream offset after acc's last byte. */
    void feed(ByteBuf acc, long received) {
        if (!compressed) {
            messages(acc, received - acc.readableBytes(), false, -1);
            return;
        }
        while (acc.readableBytes() >= Lz4BlockFormat.HEADER_LENGTH) {
            int r = acc.readerIndex();
            long at = received - (acc.writerIndex() - r);
            if (scanningBlocks) {
                if (!Lz4BlockFormat.magicAt(acc, r)) {
                    acc.skipBytes(1);
                    continue;
                }
            }
            int len;
            try {
                len = Lz4BlockFormat.blockLength(acc, r);
            } catch (WireFormatException e) {
                if (!scanningBlocks) {
                    sink.accept(new StreamEvent.Malformed(at, e.getMessage()));
                    sink.accept(new StreamEvent.Desynced(at, "scanning for the next LZ4 block"));
                    scanningBlocks = true;
                    scanningMessages = true;
                }
                acc.skipBytes(1);
                continue;
            }
            if (acc.readableBytes() < len) {
                return;
            }
            byte[] data;
            try {
                data = Lz4BlockFormat.decodeBlock(acc, r);
            } catch (WireFormatException e) {
                sink.accept(new StreamEvent.Malformed(at, e.getMessage()));
                acc.skipBytes(len);
                plain.clear();
                scanningMessages = true;
                continue;
            }
            acc.skipBytes(len);
            if (scanningBlocks) {
                scanningBlocks = false;
                sink.accept(new StreamEvent.Resynced(at, 0, "LZ4Block header and checksum match"));
            }
            if (data.length == 0) {
                ended = true;
                continue;
            }
            if (!plain.isReadable()) {
                blockOffset = at;
            }
            plain.writeBytes(data);
            messages(plain, blockOffset, true, at + len);
            if (!plain.isReadable()) {
                plain.clear();
            } else if (plain.readerIndex() > (1 << 16)) {
                plain.discardReadBytes();
            }
        }
    }

    /**
     * Parses messages at the reader index of {@code buf}. Offsets are stream offsets for an
     * uncompressed stream and the offset of the block where the bytes began for a compressed one.
     */
    private void messages(ByteBuf buf, long baseOffset, boolean blockOffsets, long blockEnd) {
        int base = buf.readerIndex();
        while (buf.readableBytes() >= 13) {
            int r = buf.readerIndex();
            long at = blockOffsets ? baseOffset : baseOffset + (r - base);
            if (scanningMessages && buf.getInt(r) != Initiate.PROTOCOL_MAGIC) {
                buf.skipBytes(1);
                skipped++;
                continue;
            }
            int size;
            try {
                size = LegacyMessageSerializer.inferMessageSize(buf, r, buf.writerIndex(), options.limits());
            } catch (WireFormatException e) {
                if (!scanningMessages) {
                    sink.accept(new StreamEvent.Malformed(at, e.getMessage()));
                    sink.accept(new StreamEvent.Desynced(at, "scanning for the next pre-4.0 message magic"));
                    scanningMessages = true;
                    skipped = 0;
                }
                buf.skipBytes(1);
                skipped++;
                continue;
            }
            if (size < 0 || buf.readableBytes() < size) {
                return;
            }
            ByteBuf bytes = buf.slice(r, size);
            LegacyMessage m;
            String payloadError = null;
            try {
                m = LegacyMessageSerializer.deserialize(WireInput.of(bytes.duplicate(), at, options.limits(), table), version,
                        MessageSerializer.PayloadMode.STRICT);
            } catch (WireFormatException e) {
                try {
                    m = LegacyMessageSerializer.deserialize(WireInput.of(bytes.duplicate(), at, options.limits(), table),
                            version, MessageSerializer.PayloadMode.RAW);
                    payloadError = e.getMessage();
                } catch (WireFormatException e2) {
                    if (!scanningMessages) {
                        sink.accept(new StreamEvent.Malformed(at, "pre-4.0 message: " + e2.getMessage()));
                        scanningMessages = true;
                        skipped = 0;
                    }
                    buf.skipBytes(1);
                    skipped++;
                    continue;
                }
            }
            if (scanningMessages) {
                scanningMessages = false;
                sink.accept(new StreamEvent.Resynced(at, skipped, "pre-4.0 message magic and header match"));
            }
            buf.skipBytes(size);
            sink.accept(new StreamEvent.MessageSeen(at, blockOffsets ? -1 : at, blockOffsets ? blockEnd : at + size, size, m,
                    options.keepMessageBytes() ? ByteBufUtil.getBytes(bytes) : null, payloadError));
        }
    }

    /**
     * A gap at {@code received}. Returns the offset to skip to when the gap ends inside the
     * message (uncompressed) or block (compressed) being read, else -1 after switching to scanning.
     */
    long gap(ByteBuf acc, long length, long received) {
        if (length >= 0 && acc.readableBytes() >= 13) {
            int r = acc.readerIndex();
            long start = received - acc.readableBytes();
            try {
                int size = compressed ? (acc.readableBytes() >= Lz4BlockFormat.HEADER_LENGTH && !scanningBlocks
                        ? Lz4BlockFormat.blockLength(acc, r) : -1)
                        : (scanningMessages ? -1 : LegacyMessageSerializer.inferMessageSize(acc, r, acc.writerIndex(), options.limits()));
                if (size > 0 && received + length <= start + size) {
                    sink.accept(new StreamEvent.Lost(start, size, compressed ? "LZ4 block cut by a gap" : "pre-4.0 message cut by a gap"));
                    if (compressed) {
                        plain.clear();
                        scanningMessages = true;
                        skipped = 0;
                    }
                    return start + size;
                }
            } catch (WireFormatException e) {
                // fall through to scanning
            }
        }
        sink.accept(new StreamEvent.Desynced(received, compressed ? "gap; scanning for the next LZ4 block"
                : "gap; scanning for the next pre-4.0 message magic"));
        plain.clear();
        scanningMessages = true;
        scanningBlocks = compressed;
        skipped = 0;
        return -1;
    }

    void finish(long received) {
        if (plain.isReadable() && !ended) {
            sink.accept(new StreamEvent.Truncated(blockOffset, "stream ended inside a pre-4.0 message ("
                    + plain.readableBytes() + " decompressed bytes pending)"));
        }
        plain.release();
    }
}
