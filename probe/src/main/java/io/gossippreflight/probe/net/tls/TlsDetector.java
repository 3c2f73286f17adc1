package io.gossippreflight.probe.net.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.ssl.SslHandler;
import java.util.List;
import java.util.function.Supplier;

/**
 * First handler of an accepted connection on a port that takes plain connections: reads the first
 * 5 bytes and either steps aside (a plain Initiate) or, for a TLS record, puts TLS in its place
 * (optional mode: plain and TLS on one port, as Cassandra 4.0+ InboundConnectionInitiator's
 * OptionalSslHandler) or closes the connection (a port without TLS, as its RejectSslHandler).
 */
public final class TlsDetector extends ByteToMessageDecoder {
    /** A TLS record header: content type, protocol version, length. */
    private static final int HEADER = 5;
    /** Largest TLSCiphertext fragment (RFC 8446 section 5.2: 2^14 + 256; RFC 5246 allowed 2^14 + 2048). */
    private static final int MAX_RECORD = (1 << 14) + 2048;
    private final Supplier<SslHandler> tls;
    private final String name;

    /**
     * @param tls  makes the TLS handler for this connection; null: TLS is refused here
     * @param name the name the TLS handler takes in the pipeline
     */
    public TlsDetector(Supplier<SslHandler> tls, String name) {
        this.tls = tls;
        this.name = name;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (in.readableBytes() < HEADER) {
            return;
        }
        if (startsTls(in)) {
            if (tls == null) {
                in.skipBytes(in.readableBytes());
                ctx.close();
                ctx.fireExceptionCaught(new javax.net.ssl.SSLException("a TLS ClientHello on a port without internode "
                        + "encryption (server_encryption_options); closed"));
                return;
            }
            ctx.pipeline().replace(this, name, tls.get());
        } else {
            ctx.pipeline().remove(this);
        }
    }

    /**
     * Whether the first bytes are a TLS record header (RFC 8446 section 5.1, RFC 5246 section 6.2.1:
     * a content type 20-24, protocol version 3.x, a length a record can have) or an SSL 2.0-style
     * ClientHello (RFC 5246 appendix E.2: a 2-byte length with the top bit set, message type 1, version 3.x).
     * An internode connection starts with the protocol magic 0xCA552DFA, which is neither. Decided
     * from these 5 bytes here rather than by SslHandler.isEncrypted: its first call initialises the
     * whole TLS provider (about a tenth of a second of a fresh process), on the loop every
     * connection-back of a plain check waits for.
     */
    static boolean startsTls(ByteBuf in) {
        int at = in.readerIndex();
        int first = in.getUnsignedByte(at);
        if (first >= 20 && first <= 24) {
            int length = in.getUnsignedShort(at + 3);
            return in.getUnsignedByte(at + 1) == 3 && in.getUnsignedByte(at + 2) <= 4 && length > 0 && length <= MAX_RECORD;
        }
        return (first & 0x80) != 0 && in.getUnsignedByte(at + 2) == 1 && in.getUnsignedByte(at + 3) == 3;
    }
}
