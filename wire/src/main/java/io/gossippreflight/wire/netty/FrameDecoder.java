package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.Frame;
import io.gossippreflight.wire.frame.FrameFormat;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;
import java.util.Objects;

/**
 * Bytes to {@link Frame}s. A state machine: read a header, check its CRC24 (the 17-bit length it
 * carries bounds the frame to 128 KiB + overhead, so nothing larger is ever waited for), then the
 * body, then the payload checksum. Any violation closes the channel with a {@link WireFormatException}.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    private enum State { HEADER, BODY, FAILED }

    private final FrameFormat format;
    private State state = State.HEADER;
    private long header;
    private int frameLength;
    private long offset;

    public FrameDecoder(FrameFormat format) {
        this.format = Objects.requireNonNull(format);
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            while (true) {
                switch (state) {
                    case HEADER -> {
                        if (in.readableBytes() < format.headerLength()) {
                            return;
                        }
                        header = format.readHeader(in, in.readerIndex());
                        if (!format.headerValid(header)) {
                            throw new WireFormatException(format.framing() + " frame header CRC24 mismatch", offset);
                        }
                        frameLength = format.frameLength(header);
                        state = State.BODY;
                    }
                    case BODY -> {
                        if (in.readableBytes() < frameLength) {
                            return;
                        }
                        Frame f = format.unpack(in, in.readerIndex(), header, ctx.alloc());
                        in.skipBytes(frameLength);
                        if (!f.payloadCrcValid()) {
                            f.release();
                            throw new WireFormatException(format.framing() + " frame payload CRC32 mismatch", offset);
                        }
                        offset += frameLength;
                        state = State.HEADER;
                        out.add(f);
                    }
                    case FAILED -> {
                        in.skipBytes(in.readableBytes());
                        return;
                    }
                }
            }
        } catch (WireFormatException e) {
            state = State.FAILED;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }
}
