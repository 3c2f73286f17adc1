package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.DecoderLimits;
import io.gossippreflight.wire.MessagingVersion;
import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.codec.WireInput;
import io.gossippreflight.wire.gossip.ApplicationStateTable;
import io.gossippreflight.wire.handshake.Initiate;
import io.gossippreflight.wire.message.LegacyMessageSerializer;
import io.gossippreflight.wire.message.MessageSerializer;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * The pre-4.0 unframed stream to {@link io.gossippreflight.wire.message.LegacyMessage}s. The size
 * of a message is known from its header alone, and every length in the header is checked against
 * the limits before the decoder waits for (and so buffers) the bytes it announces; a wrong magic
 * fails as soon as 4 bytes are in. Payloads are decoded strictly; anything malformed closes the
 * channel with a {@link WireFormatException}.
 */
public final class LegacyMessageDecoder extends ByteToMessageDecoder {
    private final MessagingVersion version;
    private final DecoderLimits limits;
    private final ApplicationStateTable table;
    private long offset;
    private boolean failed;

    public LegacyMessageDecoder(MessagingVersion version, DecoderLimits limits, ApplicationStateTable table) {
        this.version = Objects.requireNonNull(version);
        if (version.isModern()) {
            throw new IllegalArgumentException("messaging version " + version.id() + " is framed; use FrameDecoder and MessageDecoder");
        }
        this.limits = Objects.requireNonNull(limits);
        this.table = table != null ? table : ApplicationStateTable.defaultFor(version);
    }

    public LegacyMessageDecoder(MessagingVersion version) {
        this(version, DecoderLimits.DEFAULT, null);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.readableBytes() >= 4) {
                int r = in.readerIndex();
                int magic = in.getInt(r);
                if (magic != Initiate.PROTOCOL_MAGIC) {
                    throw new WireFormatException(String.format("pre-4.0 message magic %08x, expected %08x", magic,
                            Initiate.PROTOCOL_MAGIC), offset);
                }
                int size = LegacyMessageSerializer.inferMessageSize(in, r, in.writerIndex(), limits);
                if (size < 0 || in.readableBytes() < size) {
                    return;
                }
                out.add(LegacyMessageSerializer.deserialize(WireInput.of(in.slice(r, size), offset, limits, table), version,
                        MessageSerializer.PayloadMode.STRICT));
                in.skipBytes(size);
                offset += size;
            }
        } catch (WireFormatException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }
}
