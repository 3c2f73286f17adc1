package io.gossippreflight.wire.netty;

import io.gossippreflight.wire.WireFormatException;
import io.gossippreflight.wire.frame.Lz4BlockFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * A compressed pre-4.0 stream (LZ4Block, {@link Lz4BlockFormat}) to its decompressed bytes, one
 * buffer per block. The 21-byte header is checked (magic, type, both lengths within what its
 * block size allows) before the block is waited for, so at most one block (32 MiB at the
 * largest declarable size, 16 KiB as Cassandra writes them) is ever buffered. The end-of-stream
 * block ends the stream: bytes after it, a bad header or checksum close the channel with a
 * {@link WireFormatException}.
 */
public final class Lz4BlockDecoder extends ByteToMessageDecoder {
    private long offset;
    private boolean ended;
    private boolean failed;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        try {
            while (in.isReadable()) {
                if (ended) {
                    throw new WireFormatException("bytes after the LZ4Block end-of-stream block", offset);
                }
                if (in.readableBytes() < Lz4BlockFormat.HEADER_LENGTH) {
                    return;
                }
                int r = in.readerIndex();
                int length;
                byte[] data;
                try {
                    length = Lz4BlockFormat.blockLength(in, r);
                    if (in.readableBytes() < length) {
                        return;
                    }
                    data = Lz4BlockFormat.decodeBlock(in, r);
                } catch (WireFormatException e) {
                    throw new WireFormatException(e.reason(), offset + Math.max(0, e.offset()));
                }
                in.skipBytes(length);
                offset += length;
                if (data.length == 0) {
                    ended = true;
                } else {
                    out.add(Unpooled.wrappedBuffer(data));
                }
            }
        } catch (WireFormatException e) {
            failed = true;
            in.skipBytes(in.readableBytes());
            ctx.close();
            throw e;
        }
    }
}
